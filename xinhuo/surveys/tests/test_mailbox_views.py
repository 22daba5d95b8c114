"""The mailbox's pages: writing and the code shown once, the look-up without login and its rate limit, the
handlers' list and workflow pages, the public replies, the settings; refusals in Chinese, 400 and nothing
written."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import AccessLog
from xinhuo.surveys.mailbox import services
from xinhuo.surveys.models import MailboxSettings, Message, MessageStatus

pytestmark = pytest.mark.django_db
S = MessageStatus


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def letter(world, persona="student_x", **kw):
    values = {"box": "principal", "subject": "食堂", "body": "希望午饭多一些蔬菜。", "anonymous": True, **kw}
    return services.message_write(actor=world.actor(persona), **values)


def test_the_write_page_explains_anonymity(world):
    body = world.client("student_x").get(reverse("surveys:mailbox-write")).content.decode()
    assert "匿名" in body and 'id="mailbox-anonymity"' in body
    assert 'value="1"' in body and "checked" in body  # anonymous is chosen by default


def test_writing_shows_the_code_once(world):
    client = world.client("student_x")
    response = client.post(reverse("surveys:mailbox-write"), {
        "box": "principal", "subject": "操场", "body": "希望操场晚上开放。", "anonymous": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("surveys:mailbox-sent")
    assert "code" not in response["Location"].lower()
    page = client.get(reverse("surveys:mailbox-sent")).content.decode()
    code = re.search(r'id="mailbox-code">([A-Z0-9-]+)<', page).group(1)
    message = Message.objects.get()
    assert message.code_hash == services.code_hash(code) and message.writer_id is None
    again = client.get(reverse("surveys:mailbox-sent")).content.decode()
    assert code not in again and 'id="mailbox-code-gone"' in again
    assert not AccessLog.objects.filter(user=world.users["student_x"]).exists()


def test_a_signed_letter_appears_among_my_letters(world):
    client = world.client("parent_x")
    client.post(reverse("surveys:mailbox-write"), {
        "box": "heart", "subject": "家校沟通", "body": "希望多开家长会。", "anonymous": "0"})
    message = Message.objects.get()
    assert message.writer_id == world.users["parent_x"].pk and message.writer_role == "parent"
    body = client.get(reverse("surveys:mailbox-mine")).content.decode()
    assert "家校沟通" in body


def test_bad_input_is_400_in_chinese_and_writes_nothing(world):
    client = world.client("student_x")
    response = client.post(reverse("surveys:mailbox-write"), {"box": "principal", "subject": "", "body": "",
                                                              "anonymous": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写主题" in body and "请写下你想说的话" in body
    response = client.post(reverse("surveys:mailbox-write"), {"box": "principal", "subject": "长" * 101,
                                                              "body": "x", "anonymous": "1"})
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_lookup_without_login_shows_the_reply_signed_by_the_committee(world):
    message, code = letter(world)
    services.message_assign(actor=world.actor("director"), message=message, assignee=world.users["head_teacher_a"])
    services.message_reply(actor=world.actor("head_teacher_a"), message=message, reply="下周起增加蔬菜。")
    response = Client().post(reverse("surveys:mailbox-lookup"), {"code": code.lower()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "下周起增加蔬菜" in body and "关工委" in body
    assert world.users["head_teacher_a"].display_name not in body


def test_lookup_refuses_a_wrong_code_and_is_rate_limited(world):
    _message, code = letter(world)
    anon = Client()
    url = reverse("surveys:mailbox-lookup")
    response = anon.post(url, {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 400 and "没有找到" in response.content.decode()
    for _ in range(services.LOOKUP_FAILURES - 1):
        anon.post(url, {"code": "ZZZZ-ZZZZ"})
    response = anon.post(url, {"code": code})
    assert response.status_code == 429
    assert "查询次数过多" in response.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.7")  # another address is not held back
    assert other.post(url, {"code": code}).status_code == 200


def test_the_handlers_list_filters_and_marks_overdue(world, django_assert_max_num_queries):
    director = world.actor("director")
    letters = [letter(world, subject=f"建议{i}")[0] for i in range(3)]
    for message in letters:
        services.message_assign(actor=director, message=message, assignee=world.users["head_teacher_a"])
    # the subject is encrypted at rest: the letter is found by its key, not by its subject
    Message.objects.filter(pk=letters[0].pk).update(reply_due=timezone.localdate() - dt.timedelta(days=1))
    letter(world, subject="心里话", box="heart")
    client = world.client("director")
    with django_assert_max_num_queries(14):
        body = client.get(reverse("surveys:mailbox")).content.decode()
    assert body.count("data-message=") == 4 and body.count('data-overdue="1"') == 1
    for i in range(10):
        letter(world, subject=f"更多{i}")
    with django_assert_max_num_queries(14):  # the same count with more rows
        client.get(reverse("surveys:mailbox"))
    body = client.get(reverse("surveys:mailbox"), {"overdue": "on"}).content.decode()
    assert body.count("data-message=") == 1 and "建议0" in body
    body = client.get(reverse("surveys:mailbox"), {"box": "heart"}).content.decode()
    assert body.count("data-message=") == 1 and "心里话" in body
    assert AccessLog.objects.filter(user=world.users["director"], object_type="surveys_mailbox_message").exists()
    teacher = world.client("head_teacher_a").get(reverse("surveys:mailbox")).content.decode()
    assert teacher.count("data-message=") == 3
    assert world.client("head_teacher_b").get(reverse("surveys:mailbox")).content.decode().count(
        "data-message=") == 0


def test_assign_reply_close_through_the_pages(world):
    message, code = letter(world)
    director = world.client("director")
    detail = director.get(reverse("surveys:mailbox-message", args=[message.pk])).content.decode()
    assert "匿名" in detail and "希望午饭多一些蔬菜" in detail
    page = director.get(reverse("surveys:mailbox-assign", args=[message.pk])).content.decode()
    assert (timezone.localdate() + dt.timedelta(days=7)).isoformat() in page  # the default reply date
    response = director.post(reverse("surveys:mailbox-assign", args=[message.pk]), {
        "assignee": world.users["head_teacher_a"].pk, "reply_due": (timezone.localdate() + dt.timedelta(days=3))})
    assert response.status_code == 302
    response = director.post(reverse("surveys:mailbox-assign", args=[message.pk]), {
        "assignee": world.users["finance"].pk, "reply_due": ""})
    assert response.status_code == 400  # finance does not handle the mailbox: not even offered
    teacher = world.client("head_teacher_a")
    response = teacher.post(reverse("surveys:mailbox-reply", args=[message.pk]), {"reply": ""})
    assert response.status_code == 400 and "请写回复" in response.content.decode()
    response = teacher.post(reverse("surveys:mailbox-reply", args=[message.pk]), {
        "reply": "已转告食堂。", "reply_public": "on", "show_body": "on"})
    assert response.status_code == 302
    response = director.post(reverse("surveys:mailbox-close", args=[message.pk]), {})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == S.CLOSED and message.reply_public and message.show_body
    detail = director.get(reverse("surveys:mailbox-message", args=[message.pk])).content.decode()
    assert detail.count("<li class=\"list-group-item\">") == 4  # received, assigned, replied, closed
    public = world.client("parent_x").get(reverse("surveys:mailbox-public")).content.decode()
    assert "已转告食堂" in public and "希望午饭多一些蔬菜" in public
    assert Client().post(reverse("surveys:mailbox-lookup"), {"code": code}).status_code == 200


def test_public_replies_show_the_letter_only_when_chosen(world):
    message, _ = letter(world, body="这段原文不公开")
    services.message_reply(actor=world.actor("director"), message=message, reply="公开的回复", reply_public=True)
    body = world.client("student_y").get(reverse("surveys:mailbox-public")).content.decode()
    assert "公开的回复" in body and "这段原文不公开" not in body
    private, _ = letter(world, subject="私下")
    services.message_reply(actor=world.actor("director"), message=private, reply="不公开的回复")
    assert "不公开的回复" not in world.client("student_y").get(reverse("surveys:mailbox-public")).content.decode()


def test_public_replies_never_name_a_signed_letters_writer(world):
    parent = world.users["parent_x"]
    parent.full_name = "张大明家长"
    parent.save(update_fields=["full_name"])
    message, _ = letter(world, persona="parent_x", anonymous=False, writer_role="parent")
    services.message_reply(actor=world.actor("director"), message=message, reply="感谢建议", reply_public=True,
                           show_body=True)
    body = world.client("student_y").get(reverse("surveys:mailbox-public")).content.decode()
    assert "感谢建议" in body and "张大明家长" not in body
    detail = world.client("director").get(reverse("surveys:mailbox-message", args=[message.pk])).content.decode()
    assert "张大明家长" in detail  # the committee sees who signed


def test_public_replies_and_my_letters_keep_their_query_count(world, django_assert_max_num_queries):
    director = world.actor("director")

    def publish(n):
        for i in range(n):
            message, _ = letter(world, persona="parent_x", anonymous=False, subject=f"建议{i}")
            services.message_reply(actor=director, message=message, reply=f"回复{i}", reply_public=True)

    publish(2)
    client = world.client("parent_x")
    with django_assert_max_num_queries(12):
        client.get(reverse("surveys:mailbox-public"))
    with django_assert_max_num_queries(12):
        client.get(reverse("surveys:mailbox-mine"))
    publish(10)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("surveys:mailbox-public")).content.decode().count("data-message=") == 10
    with django_assert_max_num_queries(12):
        assert client.get(reverse("surveys:mailbox-mine")).content.decode().count("data-message=") == 12


def test_closing_without_a_reply_asks_why(world):
    message, _ = letter(world)
    client = world.client("director")
    response = client.post(reverse("surveys:mailbox-close", args=[message.pk]), {}, follow=True)
    assert "请说明" in response.content.decode()
    assert Message.objects.get().status == S.RECEIVED


def test_settings_page(world):
    client = world.client("director")
    body = client.get(reverse("surveys:mailbox-settings")).content.decode()
    assert "不想活" in body  # the default list is shown
    response = client.post(reverse("surveys:mailbox-settings"), {"reply_days": "5", "crisis_words": "逃学\n打架"})
    assert response.status_code == 302
    assert MailboxSettings.objects.get(school=world.school).crisis_words == "逃学\n打架"
    response = client.post(reverse("surveys:mailbox-settings"), {"reply_days": "5", "crisis_words": "长" * 41})
    assert response.status_code == 400 and "40" in response.content.decode()
    assert MailboxSettings.objects.get(school=world.school).crisis_words == "逃学\n打架"


def test_the_home_page_shows_the_mailbox_figures_to_handlers(world):
    letter(world)
    body = world.client("director").get(reverse("dashboard")).content.decode()
    assert 'data-figure="mailbox-new">1<' in body
    assert "mailbox-panel" not in world.client("student_x").get(reverse("dashboard")).content.decode()
