"""Growth mentors, mentoring pairs and contacts (MEN-1..4): each refusal names the reason in Chinese and writes
nothing — a mentor at capacity, a student of another school, an inactive mentor, a second open pair, a peer
mentoring themself, a contact in the future; the mentor hears of the pair; the overdue logic reads the contacts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from xinhuo.care.mentoring import selectors, services
from xinhuo.care.models import Mentor, MentoringContact, MentoringPair, MentorKind
from xinhuo.core.models import AccessLog, Notification
from xinhuo.core.tests.helpers import days, when_run
from xinhuo.elders.models import Elder

from .mentoring_helpers import elder_mentor, pair, peer_mentor, teacher_mentor, volunteer


def message(exc: ValidationError, field: str) -> str:
    return " ".join(exc.message_dict[field])


# mentors


def test_an_elder_mentor_takes_the_registrys_specialties_and_is_one_record(world):
    Elder.objects.filter(pk=world.elder.pk).update(specialties=["tutoring", "law"])
    world.elder.refresh_from_db()
    m = services.mentor_create(actor=world.actor("director"), kind=MentorKind.ELDER, elder=world.elder)
    assert m.name == "周老" and m.specialties == ["tutoring", "law"] and m.user_id == world.users["elder"].pk
    with pytest.raises(ValidationError) as exc:
        services.mentor_create(actor=world.actor("counsellor"), kind=MentorKind.ELDER, elder=world.elder)
    assert message(exc.value, "elder") == "周老 已是成长导师，请编辑原有记录。"
    assert Mentor.objects.count() == 1


def test_a_volunteer_needs_a_name_and_a_valid_mobile_number_kept_encrypted(world):
    with pytest.raises(ValidationError) as exc:
        services.mentor_create(actor=world.actor("director"), kind=MentorKind.VOLUNTEER, name="", phone="12345")
    assert "请填写志愿者姓名。" in message(exc.value, "name")
    assert "11 位手机号" in message(exc.value, "phone")
    m = services.mentor_create(actor=world.actor("director"), kind=MentorKind.VOLUNTEER, name="王志愿",
                               phone="136 0000 1111", specialties=["career"])
    assert m.phone == "13600001111"
    from django.db import connection
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM care_mentor WHERE id = %s", [m.pk])
        assert "13600001111" not in cur.fetchone()[0]


def test_another_schools_person_or_an_unknown_kind_is_refused(world):
    other_elder = Elder.objects.create(school=world.other, name="外校老人", gender="M", category=Elder.Category.TEACHER)
    with pytest.raises(ValidationError) as exc:
        services.mentor_create(actor=world.actor("director"), kind=MentorKind.ELDER, elder=other_elder)
    assert message(exc.value, "elder") == "请从本校五老名册中选择。"
    with pytest.raises(ValidationError):
        services.mentor_create(actor=world.actor("director"), kind=MentorKind.PEER, peer=world.other_student)
    with pytest.raises(ValidationError):
        services.mentor_create(actor=world.actor("director"), kind="coach", name="x")
    assert not Mentor.objects.exists()


@pytest.mark.parametrize("persona", ["head_teacher_a", "elder", "finance", "student_x"])
def test_only_the_mentoring_managers_register_mentors(world, persona):
    with pytest.raises(Http404):
        services.mentor_create(actor=world.actor(persona), kind=MentorKind.VOLUNTEER, name="王", phone="13600001111")


def test_the_limit_cannot_go_below_the_current_mentees(world):
    m = elder_mentor(world, max_mentees=3)
    pair(world, m, world.student_x)
    pair(world, m, world.student_y)
    with pytest.raises(ValidationError) as exc:
        services.mentor_update(actor=world.actor("director"), mentor=m, max_mentees=1)
    assert message(exc.value, "max_mentees") == "周老 目前结对 2 名学生，上限不能低于此数。"
    services.mentor_update(actor=world.actor("director"), mentor=m, max_mentees=2, active=False, specialties=["health"])
    m.refresh_from_db()
    assert (m.max_mentees, m.active, m.specialties) == (2, False, ["health"])


def test_a_volunteers_phone_reveal_is_logged_and_for_managers_only(world):
    m = volunteer(world)
    assert services.mentor_phone_reveal(actor=world.actor("leader"), mentor=m) == "13600001111"
    assert AccessLog.objects.filter(action="reveal", object_type="mentor", object_id=str(m.pk),
                                    field="phone").count() == 1
    with pytest.raises(Http404):
        services.mentor_phone_reveal(actor=world.actor("head_teacher_a"), mentor=m)


# pairs


def test_a_pair_is_made_and_the_mentor_hears_of_it(world):
    m = elder_mentor(world)
    p = services.pair_create(actor=world.actor("director"), mentor=m, student=world.student_x,
                             needs=["emotional", "academic"], contact_plan="每周日电话", contact_every_days=7)
    assert p.needs == ["academic", "emotional"] and p.started_on == days(0) and p.created_by == world.users["director"]
    note = Notification.objects.get(recipient=world.users["elder"])
    assert note.title == "您已成为 张小明 的成长导师" and "每 7 天联系一次" in note.body
    assert note.link == "/care/mentees/"


def test_a_volunteer_without_an_account_is_paired_without_a_notice(world):
    services.pair_create(actor=world.actor("director"), mentor=volunteer(world), student=world.student_x,
                         needs=["family"])
    assert not Notification.objects.exists()


def test_a_mentor_at_capacity_is_refused_and_nothing_is_written(world):
    m = elder_mentor(world, max_mentees=2)
    pair(world, m, world.student_y)
    pair(world, m, world.student_z)
    before = MentoringPair.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.pair_create(actor=world.actor("director"), mentor=m, student=world.student_x, needs=["academic"])
    assert message(exc.value, "mentor") == "周老 已结对 2 名学生，达到上限。"
    assert MentoringPair.objects.count() == before and not Notification.objects.exists()
    # an ended pair frees a place
    MentoringPair.objects.filter(student=world.student_z).update(ended_on=days(0))
    services.pair_create(actor=world.actor("director"), mentor=m, student=world.student_x, needs=["academic"])


@pytest.mark.parametrize(("case", "field", "text"), [
    ("other_school", "student", "该学生不是本校学生。"),
    ("inactive", "mentor", "周老 目前不再接收新的结对学生（已停用）。"),
    ("duplicate", "student", "张小明 与 周老 已经结对。"),
    ("no_needs", "needs", "请至少选择一项需求。"),
    ("future", "started_on", "日期不能晚于今天。"),
    ("every", "contact_every_days", "请输入 1 到 90 之间的数字。"),
])
def test_bad_pairs_are_refused_with_a_reason(world, case, field, text):
    m = elder_mentor(world, active=case != "inactive")
    if case == "duplicate":
        pair(world, m, world.student_x)
    kwargs = {"mentor": m, "student": world.other_student if case == "other_school" else world.student_x,
              "needs": [] if case == "no_needs" else ["academic"], "contact_every_days": 0 if case == "every" else 14,
              "started_on": days(1) if case == "future" else None}
    before = MentoringPair.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.pair_create(actor=world.actor("director"), **kwargs)
    assert text in message(exc.value, field), exc.value.message_dict
    assert MentoringPair.objects.count() == before


def test_a_peer_student_cannot_mentor_themself(world):
    m = peer_mentor(world, world.student_x)
    with pytest.raises(ValidationError) as exc:
        services.pair_create(actor=world.actor("director"), mentor=m, student=world.student_x, needs=["academic"])
    assert message(exc.value, "mentor") == "学生不能做自己的导师。"
    services.pair_create(actor=world.actor("director"), mentor=m, student=world.student_y, needs=["academic"])


def test_another_schools_mentor_is_not_found(world):
    other = Mentor.objects.create(school=world.other, kind=MentorKind.VOLUNTEER, name="外校志愿", phone="13600002222")
    with pytest.raises(Http404):
        services.pair_create(actor=world.actor("director"), mentor=other, student=world.student_x, needs=["academic"])
    with pytest.raises(Http404):
        services.pair_create(actor=world.actor("head_teacher_a"), mentor=volunteer(world), student=world.student_x,
                             needs=["academic"])


def test_ending_a_pair_needs_a_summary_and_tells_the_mentor(world):
    p = pair(world, elder_mentor(world), world.student_x, started=-10)
    with pytest.raises(ValidationError) as exc:
        services.pair_end(actor=world.actor("director"), pair=p, summary="  ")
    assert "结对总结" in message(exc.value, "summary")
    with pytest.raises(ValidationError) as exc:
        services.pair_end(actor=world.actor("director"), pair=p, summary="进步明显", ended_on=days(-11))
    assert "结束日期不能早于开始日期" in message(exc.value, "ended_on")
    p.refresh_from_db()
    assert p.ended_on is None
    services.pair_end(actor=world.actor("director"), pair=p, summary="进步明显")
    p.refresh_from_db()
    assert p.ended_on == days(0) and p.summary == "进步明显"
    assert Notification.objects.get(recipient=world.users["elder"]).title == "您与 张小明 的结对已结束"
    with pytest.raises(ValidationError):
        services.pair_end(actor=world.actor("director"), pair=p, summary="again")


# contacts


def test_the_mentor_logs_a_contact_which_puts_the_pair_back_on_plan(world):
    p = pair(world, elder_mentor(world), world.student_x, started=-20, every=14)
    assert selectors.overdue_pair_ids(MentoringPair.objects.all()) == [p.pk]
    c = services.contact_log(actor=world.actor("elder"), pair=p, way="phone", topic="期中考试", next_step="周末再聊")
    assert c.contacted_on == days(0) and c.logged_by == world.users["elder"]
    assert selectors.overdue_pair_ids(MentoringPair.objects.all()) == []


@pytest.mark.parametrize(("kwargs", "field", "text"), [
    (lambda: {"contacted_on": days(1)}, "contacted_on", "日期不能晚于今天。"),
    (lambda: {"contacted_on": days(-40)}, "contacted_on", "联系日期不能更早"),
    ({"way": "pigeon"}, "way", "请从以下选项中选择"),
    ({"topic": ""}, "topic", "请简单写一下聊了什么。"),
])
def test_bad_contacts_are_refused(world, kwargs, field, text):
    p = pair(world, elder_mentor(world), world.student_x, started=-30)
    data = {"way": "phone", "topic": "谈心", **when_run(kwargs)}
    with pytest.raises(ValidationError) as exc:
        services.contact_log(actor=world.actor("elder"), pair=p, **data)
    assert text in message(exc.value, field)
    assert not MentoringContact.objects.exists()


def test_who_may_log_a_contact(world):
    p = pair(world, volunteer(world), world.student_x)
    services.contact_log(actor=world.actor("counsellor"), pair=p, way="phone", topic="志愿者转述")  # the committee
    for persona in ("head_teacher_a", "elder", "student_x"):
        with pytest.raises(Http404):
            services.contact_log(actor=world.actor(persona), pair=p, way="phone", topic="x")
    ended = pair(world, elder_mentor(world), world.student_y, ended=True)
    with pytest.raises(ValidationError):
        services.contact_log(actor=world.actor("elder"), pair=ended, way="phone", topic="x")
    assert MentoringContact.objects.count() == 1


def test_the_guardian_phone_is_for_elder_and_teacher_mentors_of_open_pairs_and_logged(world):
    p = pair(world, elder_mentor(world), world.student_x)
    assert services.mentee_guardian_phone_reveal(actor=world.actor("elder"), pair=p) == "13812345678"
    row = AccessLog.objects.get(action="reveal", object_type="guardian")
    assert row.object_id == str(world.guardian_x.pk) and row.field == "phone"
    peer = pair(world, peer_mentor(world, world.student_y), world.student_z)
    peer_user_actor = world.actor("student_y")
    with pytest.raises(Http404):
        services.mentee_guardian_phone_reveal(actor=peer_user_actor, pair=peer)
    with pytest.raises(Http404):  # the committee has its own way to the guardians (people pages)
        services.mentee_guardian_phone_reveal(actor=world.actor("director"), pair=p)
    MentoringPair.objects.filter(pk=p.pk).update(ended_on=days(0))
    p.refresh_from_db()
    with pytest.raises(Http404):
        services.mentee_guardian_phone_reveal(actor=world.actor("elder"), pair=p)


def test_a_teacher_mentor_with_an_account_may_call_the_guardian(world):
    m = teacher_mentor(world, world.staff_a)
    p = pair(world, m, world.student_z)
    assert services.mentee_guardian_phone_reveal(actor=world.actor("head_teacher_a"), pair=p) == "13712345678"
