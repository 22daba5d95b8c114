"""The mailbox's services: the tracking code, anonymity that leaves no link, the workflow and its refusals,
deadlines and overdue warnings, crisis routing and the word list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import AccessLog, Notification
from xinhuo.surveys.mailbox import selectors, services, words
from xinhuo.surveys.models import MailboxSettings, Message, MessageStatus, MessageStep

pytestmark = pytest.mark.django_db
S = MessageStatus


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the look-up counters live in the cache
    yield
    cache.clear()


def write(world, persona="student_x", **kw):
    values = {"box": "principal", "subject": "食堂", "body": "希望午饭多一些蔬菜。", "anonymous": True, **kw}
    return services.message_write(actor=world.actor(persona), **values)


def lead(world, persona="head_teacher_b"):
    from xinhuo.wellbeing.models import WellbeingSettings

    WellbeingSettings.objects.update_or_create(school=world.school,
                                               defaults={"safeguarding_lead": world.users[persona]})


def inbox(world, persona) -> list[str]:
    return list(Notification.objects.filter(recipient=world.users[persona]).values_list("title", flat=True))


# --- the tracking code ----------------------------------------------------------------------------------------------


def test_the_code_is_eight_unambiguous_characters_and_only_its_hash_is_kept(world):
    message, code = write(world)
    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", code)
    assert not set(code) & set("01OIL")
    message.refresh_from_db()
    assert message.code_hash == services.code_hash(code) and len(message.code_hash) == 64
    row = Message.objects.filter(pk=message.pk).values().get()
    assert code not in " ".join(str(v) for v in row.values())  # the code itself is nowhere in the row
    assert services.show_code(code) == f"{code[:4]}-{code[4:]}"


def test_codes_are_unique(world):
    codes = {write(world)[1] for _ in range(30)}
    assert len(codes) == 30
    assert Message.objects.values("code_hash").distinct().count() == 30


def test_lookup_finds_the_letter_however_the_code_is_typed_and_refuses_a_wrong_one(world):
    message, code = write(world)
    for typed in (code, code.lower(), f" {code[:4]}-{code[4:]} "):
        assert services.message_lookup(code=typed, client="10.0.0.1").pk == message.pk
    wrong = ("2" if code[0] != "2" else "3") + code[1:]
    with pytest.raises(ValidationError) as e:
        services.message_lookup(code=wrong, client="10.0.0.1")
    assert "code" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.message_lookup(code="ABC", client="10.0.0.1")


def test_failed_lookups_are_limited_per_address(world):
    message, code = write(world)
    for _ in range(services.LOOKUP_FAILURES):
        with pytest.raises(ValidationError):
            services.message_lookup(code="ZZZZZZZZ", client="10.0.0.2")
    with pytest.raises(services.TooManyLookups) as e:  # now even the right code is refused from this address
        services.message_lookup(code=code, client="10.0.0.2")
    assert "15" in str(e.value)
    assert services.message_lookup(code=code, client="10.0.0.3").pk == message.pk  # another address is not


def test_lookups_of_one_code_are_limited_from_anywhere(world):
    _message, code = write(world)
    for i in range(services.LOOKUP_PER_CODE):
        services.message_lookup(code=code, client=f"10.1.0.{i}")
    with pytest.raises(services.TooManyLookups):
        services.message_lookup(code=code, client="10.1.1.1")


# --- anonymity ------------------------------------------------------------------------------------------------------


def test_an_anonymous_letter_leaves_no_link_to_its_writer(world):
    student = world.users["student_x"]
    before_log = set(LogEntry.objects.values_list("pk", flat=True))
    before_access = AccessLog.objects.count()
    message, _code = write(world, writer_role="student")
    message.refresh_from_db()
    assert message.writer_id is None and message.anonymous
    assert message.writer_role == "student"
    assert message.received_on == timezone.localdate()
    [step] = message.steps.all()
    assert step.by_id is None and step.from_status == "" and step.to_status == S.RECEIVED
    local = timezone.localtime(step.at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    new_entries = LogEntry.objects.exclude(pk__in=before_log)
    assert not new_entries.filter(actor=student).exists()
    assert not new_entries.filter(object_pk=str(message.pk)).exists()
    assert AccessLog.objects.count() == before_access


def test_an_anonymous_letter_written_through_a_page_names_nobody_in_the_history(world):
    """In a request the audit middleware names the user: the letter's writing must still leave no entry."""
    client = world.client("student_x")
    response = client.post(reverse("surveys:mailbox-write"), {
        "box": "heart", "subject": "心事", "body": "最近有点累。", "anonymous": "1", "writer_role": "student"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.writer_id is None
    assert not LogEntry.objects.filter(actor=world.users["student_x"]).exists()
    assert not LogEntry.objects.filter(object_pk=str(message.pk), content_type__model="message").exists()
    assert not AccessLog.objects.filter(user=world.users["student_x"]).exists()


def test_a_signed_letter_keeps_its_writer(world):
    message, _code = write(world, persona="parent_x", anonymous=False, writer_role="parent")
    message.refresh_from_db()
    assert message.writer_id == world.users["parent_x"].pk and not message.anonymous
    assert message.steps.get().by_id == world.users["parent_x"].pk
    assert list(selectors.my_messages(world.actor("parent_x"))) == [message]
    assert list(selectors.my_messages(world.actor("student_x"))) == []


def test_anonymous_letters_are_not_among_my_letters(world):
    write(world, persona="student_x")
    assert list(selectors.my_messages(world.actor("student_x"))) == []


def test_the_role_written_as_must_be_ones_own(world):
    with pytest.raises(ValidationError) as e:
        write(world, persona="student_x", writer_role="teacher")
    assert "writer_role" in e.value.message_dict
    assert services.writer_roles(world.actor("head_teacher_a")) == ["teacher"]
    assert services.writer_roles(world.actor("elder")) == ["elder"]


def test_bad_letters_are_refused_and_nothing_is_written(world):
    for kw, field in (({"subject": ""}, "subject"), ({"body": "  "}, "body"), ({"subject": "长" * 101}, "subject"),
                      ({"body": "长" * 3001}, "body"), ({"box": "nowhere"}, "box")):
        with pytest.raises(ValidationError) as e:
            write(world, **kw)
        assert field in e.value.message_dict
    assert not Message.objects.exists() and not MessageStep.objects.exists()


# --- workflow -------------------------------------------------------------------------------------------------------


def test_assign_reply_close_keeps_every_step_and_tells_the_people(world):
    message, code = write(world, persona="parent_x", anonymous=False, writer_role="parent")
    director = world.actor("director")
    message = services.message_assign(actor=director, message=message, assignee=world.users["head_teacher_a"])
    assert message.status == S.ASSIGNED
    assert message.reply_due == timezone.localdate() + dt.timedelta(days=7)  # the default reply days
    assert any("食堂" in t for t in inbox(world, "head_teacher_a"))
    teacher = world.actor("head_teacher_a")
    message = services.message_reply(actor=teacher, message=message, reply="已与食堂沟通，下周起增加蔬菜。",
                                      reply_public=True)
    assert message.status == S.REPLIED and message.replied_on == timezone.localdate() and message.reply_public
    assert any("食堂" in t for t in inbox(world, "parent_x"))  # a signed letter's writer hears of the reply
    message = services.message_close(actor=director, message=message)
    assert message.status == S.CLOSED
    steps = list(message.steps.order_by("at", "pk").values_list("from_status", "to_status", "by"))
    assert steps == [("", S.RECEIVED, world.users["parent_x"].pk),
                     (S.RECEIVED, S.ASSIGNED, world.users["director"].pk),
                     (S.ASSIGNED, S.REPLIED, world.users["head_teacher_a"].pk),
                     (S.REPLIED, S.CLOSED, world.users["director"].pk)]
    found = services.message_lookup(code=code, client="10.0.0.9")
    assert found.reply.startswith("已与食堂沟通") and found.status == S.CLOSED


def test_the_committee_may_reply_without_assigning_others_may_not(world):
    message, _code = write(world)
    with pytest.raises(Http404):  # not assigned to the head teacher: the letter does not exist for her
        services.message_reply(actor=world.actor("head_teacher_a"), message=message, reply="好的")
    message = services.message_reply(actor=world.actor("leader"), message=message, reply="收到，谢谢建议。")
    assert message.status == S.REPLIED and message.assignee_id is None


def test_refusals_change_nothing(world):
    message, _code = write(world)
    director = world.actor("director")
    with pytest.raises(ValidationError) as e:
        services.message_assign(actor=director, message=message, assignee=world.users["finance"])
    assert "assignee" in e.value.message_dict  # finance does not handle the mailbox
    with pytest.raises(ValidationError) as e:
        services.message_assign(actor=director, message=message, assignee=world.users["head_teacher_a"],
                                reply_due=timezone.localdate() - dt.timedelta(days=1))
    assert "reply_due" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.message_reply(actor=director, message=message, reply="")
    assert "reply" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.message_reply(actor=director, message=message, reply="好", show_body=True)
    assert "show_body" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.message_close(actor=director, message=message)
    assert "comment" in e.value.message_dict  # closing without a reply needs a reason
    with pytest.raises(Http404):
        services.message_assign(actor=world.actor("counsellor"), message=message,
                                assignee=world.users["head_teacher_a"])
    with pytest.raises(Http404):  # another school's committee
        services.message_close(actor=world.actor("outsider"), message=message, comment="x")
    message.refresh_from_db()
    assert message.status == S.RECEIVED and message.steps.count() == 1
    closed = services.message_close(actor=director, message=message, comment="重复来信")
    with pytest.raises(ValidationError) as e:
        services.message_reply(actor=director, message=closed, reply="迟到的回复")
    assert " ".join(e.value.messages) == "信件已办结，现在不能进行这一步。"


def test_the_assignee_replies_a_colleague_does_not(world):
    message, _code = write(world)
    services.message_assign(actor=world.actor("director"), message=message, assignee=world.users["head_teacher_a"])
    with pytest.raises(Http404):
        services.message_reply(actor=world.actor("head_teacher_b"), message=message, reply="好")
    assert Message.objects.get().status == S.ASSIGNED


# --- deadlines ------------------------------------------------------------------------------------------------------


def test_reply_days_come_from_the_settings(world):
    services.mailbox_settings_save(actor=world.actor("director"), reply_days=3, crisis_words="")
    message, _code = write(world)
    message = services.message_assign(actor=world.actor("director"), message=message,
                                      assignee=world.users["head_teacher_a"])
    assert message.reply_due == timezone.localdate() + dt.timedelta(days=3)


def test_overdue_letters_are_warned_once_a_day(world):
    message, _code = write(world)
    services.message_assign(actor=world.actor("director"), message=message, assignee=world.users["head_teacher_a"])
    today = timezone.localdate()
    Message.objects.filter(pk=message.pk).update(reply_due=today - dt.timedelta(days=1))
    Notification.objects.all().delete()
    assert services.warn_overdue(today) == 1
    assert len(inbox(world, "head_teacher_a")) == 1
    assert len(inbox(world, "director")) == 1 and len(inbox(world, "leader")) == 1
    assert services.warn_overdue(today) == 0  # the same day: nothing more
    assert len(inbox(world, "head_teacher_a")) == 1
    assert services.warn_overdue(today + dt.timedelta(days=1)) == 1  # the next day, still unanswered
    services.message_reply(actor=world.actor("head_teacher_a"), message=message, reply="已处理")
    assert services.warn_overdue(today + dt.timedelta(days=2)) == 0  # replied: no more warnings
    assert list(selectors.message_list(world.actor("director"), overdue=True)) == []


def test_the_list_marks_overdue_letters(world):
    message, _code = write(world)
    services.message_assign(actor=world.actor("director"), message=message, assignee=world.users["head_teacher_a"])
    Message.objects.filter(pk=message.pk).update(reply_due=timezone.localdate() - dt.timedelta(days=2))
    [row] = selectors.message_list(world.actor("director"), overdue=True)
    assert row.is_overdue
    panel = selectors.mailbox_panel(world.actor("head_teacher_a"))
    assert panel is not None and panel["overdue"] == 1 and panel["mine"] == 1


# --- crisis routing -------------------------------------------------------------------------------------------------


def test_a_crisis_letter_goes_to_the_counsellors_and_the_lead_whatever_its_assignment(world):
    lead(world, "head_teacher_b")
    message, _code = write(world, subject="求助", body="我真的不想活了，每天都很难受。")
    assert message.flagged and message.flag_words == ["不想活"]
    assert inbox(world, "counsellor") and inbox(world, "head_teacher_b")
    assert not inbox(world, "head_teacher_a")
    services.message_assign(actor=world.actor("director"), message=message, assignee=world.users["head_teacher_a"])
    # assigned elsewhere, the counsellor and the lead still see it; a letter not flagged they do not
    other, _ = write(world, subject="食堂", body="饭菜太咸。")
    for persona in ("counsellor", "head_teacher_b"):
        actor = world.actor(persona)
        assert selectors.handles(actor)
        assert list(selectors.messages(actor)) == [message]
        assert selectors.message_detail(actor, message.pk).pk == message.pk
        with pytest.raises(Http404):
            selectors.message_detail(actor, other.pk)


def test_a_lead_outside_the_handling_roles_sees_flagged_letters(world):
    lead(world, "finance")
    message, _code = write(world, body="同学总是欺负我，还威胁我要钱。")
    assert message.flag_words == ["欺负", "威胁", "要钱"]
    finance = world.actor("finance")
    assert selectors.handles(finance) and list(selectors.messages(finance)) == [message]
    assert inbox(world, "finance")


def test_words_match_as_words_not_inside_other_words(world):
    found = words.matches("爸爸经常打我", words.DEFAULT_WORDS)
    assert found == ["打我"]
    assert words.matches("明天打我们班的篮球赛", words.DEFAULT_WORDS) == []
    assert words.matches("我想 割腕", words.DEFAULT_WORDS) == ["割腕"]
    assert words.matches("好好学习", words.DEFAULT_WORDS) == []


def test_jieba_is_loaded_once_and_only_when_a_word_may_match():
    words.matches("今天天气很好", ["霸凌"])  # no candidate word in the text: jieba is not needed
    first = words._tokenizer_with(["霸凌"])
    assert words._tokenizer_with(["欺负"]) is first


def test_a_flagged_letter_is_never_public(world):
    message, _code = write(world, body="有人霸凌我")
    with pytest.raises(ValidationError) as e:
        services.message_reply(actor=world.actor("director"), message=message, reply="我们会处理", reply_public=True)
    assert "reply_public" in e.value.message_dict


def test_the_word_list_is_edited_and_checked(world):
    director = world.actor("director")
    services.mailbox_settings_save(actor=director, reply_days=5, crisis_words="逃学\n\n  逃学 \n离家出走\n想 不开\n")
    row = MailboxSettings.objects.get(school=world.school)
    assert row.crisis_words == "逃学\n离家出走\n想 不开" and row.reply_days == 5
    message, _code = write(world, body="我想离家出走")
    assert message.flag_words == ["离家出走"]
    message, _code = write(world, body="最近总是想不开")  # a phrase with a space: found as plain text
    assert message.flag_words == ["想 不开"]
    message, _code = write(world, body="我不想活了")  # the school's own list replaces the default one
    assert not message.flagged
    for bad, field in (("词" * 41, "crisis_words"), ("\n".join(f"词{i}" for i in range(201)), "crisis_words")):
        with pytest.raises(ValidationError) as e:
            services.mailbox_settings_save(actor=director, reply_days=5, crisis_words=bad)
        assert field in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.mailbox_settings_save(actor=director, reply_days=0, crisis_words="")
    assert "reply_days" in e.value.message_dict
    with pytest.raises(Http404):
        services.mailbox_settings_save(actor=world.actor("counsellor"), reply_days=5, crisis_words="")
    assert MailboxSettings.objects.get(school=world.school).reply_days == 5


def test_the_panel_is_for_handlers_only(world):
    write(world)
    assert selectors.mailbox_panel(world.actor("student_x")) is None
    assert selectors.mailbox_panel(world.actor("parent_x")) is None
    panel = selectors.mailbox_panel(world.actor("director"))
    assert panel is not None and panel["new"] == 1


def test_the_lookup_page_needs_no_login(world):
    message, code = write(world)
    services.message_reply(actor=world.actor("director"), message=message, reply="谢谢来信")
    response = Client().post(reverse("surveys:mailbox-lookup"), {"code": code})
    assert response.status_code == 200
    body = response.content.decode()
    assert "谢谢来信" in body and "director" not in body
