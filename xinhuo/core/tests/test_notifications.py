"""Notifications (services.notification_send, the delivery channels, the inbox pages and API).

Delivery outside the app runs after commit; the tests use django_capture_on_commit_callbacks to
run those callbacks (the test database transaction never commits), and tasks run inline.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.http import Http404
from django.test import override_settings
from django.utils import timezone, translation

from xinhuo.core import selectors, services
from xinhuo.core.models import Notification, NotificationDelivery, Role
from xinhuo.core.notifications import Channel

Status = NotificationDelivery.Status


class BrokenChannel(Channel):
    """A plugged-in channel (an SMS gateway, say) that is down."""

    name = "sms"

    def send(self, notification):
        raise ConnectionError("gateway unreachable")


class RecordingChannel(Channel):
    name = "wechat"
    seen: list[str] = []

    def send(self, notification):
        RecordingChannel.seen.append(notification.recipient.username)
        return Status.SENT, "ok"


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server went away")


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def director(world):
    return world.actor("director")


@pytest.fixture
def with_emails(world):
    for persona, address in [("head_teacher_a", "teacher@example.cn"), ("head_teacher_b", "teacher2@example.cn")]:
        user = world.users[persona]
        user.email = address
        user.save()
    return world


def send(actor, world, personas, title="期中家长会通知", body="周五下午三点在礼堂召开。", **kw):
    return services.notification_send(actor=actor, school=world.school,
                                      recipients=[world.users[p] for p in personas], title=title, body=body, **kw)


# --- the service ------------------------------------------------------------------------------------


def test_each_recipient_gets_a_row_in_their_inbox(world, director):
    rows = send(director, world, ["head_teacher_a", "head_teacher_b", "parent_x"])
    assert len(rows) == 3 and len({n.batch for n in rows}) == 1
    for persona in ("head_teacher_a", "head_teacher_b", "parent_x"):
        inbox = list(selectors.inbox(world.actor(persona)))
        assert [(n.title, n.body, n.sender) for n in inbox] == [
            ("期中家长会通知", "周五下午三点在礼堂召开。", world.users["director"])]
        assert inbox[0].read_at is None
    assert not selectors.inbox(world.actor("counsellor")).exists()


def test_a_recipient_listed_twice_gets_one_notice(world, director):
    rows = services.notification_send(actor=director, school=world.school, title="通知",
                                      recipients=[world.users["parent_x"], world.users["parent_x"]])
    assert len(rows) == 1


def test_title_is_trimmed(world, director):
    [row] = send(director, world, ["parent_x"], title="  放假通知  ")
    assert row.title == "放假通知"


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_empty_title_is_refused(world, director, title):
    with pytest.raises(ValidationError) as info:
        send(director, world, ["parent_x"], title=title)
    assert "请填写标题" in " ".join(info.value.messages)
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), [("title", "通" * 101), ("link", "/inbox/" + "x" * 200)])
def test_over_long_title_or_link_is_refused_with_a_message(world, field, value):
    """Other apps send system notices straight through the service, with no form in front: a too-long
    title must be a clear refusal, not a database error (PostgreSQL enforces the column length)."""
    kw = {"title": "通知", field: value}
    with pytest.raises(ValidationError) as info:
        services.notification_send(actor=None, school=world.school, recipients=[world.users["parent_x"]],
                                   check_permission=False, **kw)
    assert field in info.value.message_dict
    assert "不超过" in " ".join(info.value.message_dict[field])
    assert Notification.objects.count() == 0


def test_a_title_of_exactly_the_limit_is_accepted(world):
    [row] = services.notification_send(actor=None, school=world.school, recipients=[world.users["parent_x"]],
                                       title="通" * 100, check_permission=False)
    assert len(Notification.objects.get(pk=row.pk).title) == 100


def test_no_recipients_is_refused(world, director):
    with pytest.raises(ValidationError) as info:
        services.notification_send(actor=director, school=world.school, recipients=[], title="通知")
    assert "请至少选择一位接收人" in " ".join(info.value.messages)
    assert Notification.objects.count() == 0


def test_a_recipient_of_another_school_refuses_the_whole_send(world, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as info:
        send(director, world, ["head_teacher_a", "outsider"])
    assert "部分接收人不属于本校" in " ".join(info.value.messages)
    assert Notification.objects.count() == 0
    assert NotificationDelivery.objects.count() == 0
    assert mail.outbox == []


def test_an_account_with_no_role_here_is_refused(world, director):
    from xinhuo.core.models import User

    stranger = User.objects.create_user(username="stranger", password="x" * 12)
    with pytest.raises(ValidationError):
        services.notification_send(actor=director, school=world.school, recipients=[stranger], title="通知")
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "elder", "parent_x", "student_x"])
def test_roles_without_the_capability_cannot_send(world, persona):
    with pytest.raises(Http404):
        send(world.actor(persona), world, ["director"])
    assert Notification.objects.count() == 0


def test_system_notices_need_no_sender(world):
    [row] = services.notification_send(actor=None, school=world.school, recipients=[world.users["parent_x"]],
                                       title="系统维护", check_permission=False)
    assert row.sender is None
    with pytest.raises(ValidationError):
        services.notification_send(actor=None, school=world.school, recipients=[world.users["parent_x"]],
                                   title="系统维护")


# --- delivery outside the app -----------------------------------------------------------------------


def deliveries(rows) -> dict[tuple[str, str], str]:
    qs = NotificationDelivery.objects.filter(notification__in=rows).select_related("notification__recipient")
    return {(d.notification.recipient.username, d.channel): d.status for d in qs}


def test_email_goes_to_recipients_with_an_address(with_emails, director, django_capture_on_commit_callbacks):
    world = with_emails
    with django_capture_on_commit_callbacks(execute=True):
        rows = send(director, world, ["head_teacher_a", "head_teacher_b", "parent_x"], link="/inbox/")
    assert sorted(m.to[0] for m in mail.outbox) == ["teacher2@example.cn", "teacher@example.cn"]
    message = mail.outbox[0]
    assert message.subject == "期中家长会通知"
    assert "周五下午三点在礼堂召开。" in message.body and "/inbox/" in message.body
    assert deliveries(rows) == {
        ("teacher", "email"): Status.SENT,
        ("teacher2", "email"): Status.SENT,
        ("parent", "email"): Status.SKIPPED,
    }
    skipped = NotificationDelivery.objects.get(status=Status.SKIPPED)
    assert "no e-mail address" in skipped.detail


def test_nothing_is_delivered_before_the_commit(with_emails, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(director, with_emails, ["head_teacher_a"])
    assert mail.outbox == [] and NotificationDelivery.objects.count() == 0
    assert len(callbacks) == 1


@override_settings(XINHUO_NOTIFICATION_CHANNELS=["xinhuo.core.tests.test_notifications.BrokenChannel",
                                                 "xinhuo.core.tests.test_notifications.RecordingChannel"])
def test_a_channel_that_raises_is_recorded_as_failed_and_the_others_still_run(
        with_emails, director, django_capture_on_commit_callbacks):
    RecordingChannel.seen = []
    with django_capture_on_commit_callbacks(execute=True):
        rows = send(director, with_emails, ["head_teacher_a", "parent_x"])
    got = deliveries(rows)
    assert got == {
        ("teacher", "email"): Status.SENT, ("teacher", "sms"): Status.FAILED, ("teacher", "wechat"): Status.SENT,
        ("parent", "email"): Status.SKIPPED, ("parent", "sms"): Status.FAILED, ("parent", "wechat"): Status.SENT,
    }
    failed = NotificationDelivery.objects.filter(channel="sms").first()
    assert "ConnectionError" in failed.detail and "gateway unreachable" in failed.detail
    assert sorted(RecordingChannel.seen) == ["parent", "teacher"]
    assert [m.to for m in mail.outbox] == [["teacher@example.cn"]]
    # the inbox rows are there whatever happened outside
    assert Notification.objects.filter(batch=rows[0].batch).count() == 2


@override_settings(EMAIL_BACKEND="xinhuo.core.tests.test_notifications.FailingEmailBackend")
def test_a_mail_server_failure_is_recorded(with_emails, director, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = send(director, with_emails, ["head_teacher_a"])
    [delivery] = NotificationDelivery.objects.filter(notification__in=rows)
    assert delivery.status == Status.FAILED and "mail server went away" in delivery.detail
    assert Notification.objects.get(pk=rows[0].pk).read_at is None


# --- pages ------------------------------------------------------------------------------------------


def unread_badge(body: str) -> int | None:
    m = re.search(r'id="unread-badge">\s*(\d+)\s*<', body)
    return int(m.group(1)) if m else None


def test_inbox_shows_the_unread_count_and_marks_read_on_opening(world, director):
    rows = send(director, world, ["head_teacher_a"], title="第一条") + send(director, world, ["head_teacher_a"],
                                                                            title="第二条")
    client = world.client("head_teacher_a")
    body = client.get("/inbox/").content.decode()
    assert unread_badge(body) == 2
    assert body.count("未读") >= 2 and "第一条" in body and "第二条" in body

    detail = client.get(f"/inbox/{rows[0].pk}/")
    assert detail.status_code == 200 and "第一条" in detail.content.decode()
    first = Notification.objects.get(pk=rows[0].pk)
    assert first.read_at is not None and abs(timezone.now() - first.read_at) < dt.timedelta(minutes=1)
    assert unread_badge(client.get("/inbox/").content.decode()) == 1

    # opening it again keeps the first read time (the receipt)
    read_at = first.read_at
    client.get(f"/inbox/{rows[0].pk}/")
    assert Notification.objects.get(pk=rows[0].pk).read_at == read_at


def test_someone_elses_notification_is_404_and_stays_unread(world, director):
    [row] = send(director, world, ["head_teacher_a"])
    for persona in ("head_teacher_b", "director", "outsider"):
        assert world.client(persona).get(f"/inbox/{row.pk}/").status_code == 404
    assert Notification.objects.get(pk=row.pk).read_at is None


def test_notification_body_is_escaped(world, director):
    [row] = send(director, world, ["parent_x"], title="<b>标题</b>", body="<script>alert(1)</script>\n第二行")
    body = world.client("parent_x").get(f"/inbox/{row.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body and "<b>标题</b>" not in body
    assert "&lt;script&gt;" in body and "第二行" in body


def test_mark_all_read(world, director):
    mine = send(director, world, ["head_teacher_a"], title="一") + send(director, world, ["head_teacher_a"],
                                                                        title="二")
    [theirs] = send(director, world, ["head_teacher_b"], title="三")
    client = world.client("head_teacher_a")
    response = client.post("/inbox/read-all/", follow=True)
    assert "已将 2 条通知标为已读" in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert unread_badge(client.get("/inbox/").content.decode()) is None
    assert client.get("/inbox/read-all/").status_code == 405


def test_the_sender_sees_who_read(world, director):
    rows = send(director, world, ["head_teacher_a", "head_teacher_b"])
    world.users["head_teacher_a"].full_name = "陈老师"
    world.users["head_teacher_a"].save()
    world.users["head_teacher_b"].full_name = "林老师"
    world.users["head_teacher_b"].save()
    world.client("head_teacher_a").get(f"/inbox/{next(n for n in rows if n.recipient.username == 'teacher').pk}/")

    client = world.client("director")
    listing = client.get("/notices/").content.decode()
    assert "期中家长会通知" in listing and "1/2" in listing
    page = client.get(f"/notices/{rows[0].batch}/").content.decode()
    rows_html = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    by_name = {("陈老师" in r and "陈老师") or ("林老师" in r and "林老师"): r for r in rows_html if "老师" in r}
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", by_name["陈老师"])
    assert "未读" in by_name["林老师"] and not re.search(r"\d{4}-\d{2}-\d{2}", by_name["林老师"])


def test_receipts_are_only_for_the_sender(world, director):
    [row] = send(director, world, ["leader"])
    assert world.client("leader").get(f"/notices/{row.batch}/").status_code == 404
    assert world.client("admin").get(f"/notices/{row.batch}/").status_code == 404


def test_send_page_sends_to_the_chosen_roles(world):
    client = world.client("director")
    response = client.post("/notices/", {"roles": [Role.HEAD_TEACHER], "title": "班主任会议", "body": "周三"})
    assert response.status_code == 302
    got = set(Notification.objects.filter(title="班主任会议").values_list("recipient__username", flat=True))
    assert got == {"teacher", "teacher2"}


def test_send_page_refuses_a_blank_title(world):
    response = world.client("director").post("/notices/", {"roles": [Role.PARENT], "title": "", "body": "x"})
    assert response.status_code == 400 and "该字段是必填项" in response.content.decode()
    assert Notification.objects.count() == 0


def test_sent_notices_are_listed_newest_first(world, director):
    """The send page shows the latest 20 notices; an older one must not push the newest off the list."""
    start = timezone.now() - dt.timedelta(days=30)
    for i in range(25):
        [row] = send(director, world, ["leader"], title=f"通知{i:02d}")
        Notification.objects.filter(pk=row.pk).update(created_at=start + dt.timedelta(days=i))
    titles = [b["title"] for b in selectors.sent_batches(director)]
    assert titles == [f"通知{i:02d}" for i in reversed(range(25))]
    page = world.client("director").get("/notices/").content.decode()
    assert "通知24" in page and "通知04" not in page


# --- API --------------------------------------------------------------------------------------------


def test_api_lists_only_my_notifications(world, director):
    send(director, world, ["head_teacher_a"], title="给一班")
    send(director, world, ["head_teacher_b"], title="给二班")
    data = world.client("head_teacher_a").get("/api/v1/notifications/").json()
    assert data["count"] == 1
    [item] = data["results"]
    assert item["title"] == "给一班" and item["read_at"] is None and item["sender"] == "director"


def test_api_mark_read(world, director):
    [row] = send(director, world, ["head_teacher_a"])
    client = world.client("head_teacher_a")
    response = client.post(f"/api/v1/notifications/{row.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert Notification.objects.get(pk=row.pk).read_at is not None
    assert client.get("/api/v1/me/").json()["unread_notifications"] == 0


def test_api_mark_read_of_someone_elses_notification_is_404(world, director):
    [row] = send(director, world, ["head_teacher_a"])
    response = world.client("head_teacher_b").post(f"/api/v1/notifications/{row.pk}/read/")
    assert response.status_code == 404 and response.json()["detail"]
    assert Notification.objects.get(pk=row.pk).read_at is None


def test_api_notifications_are_read_only(world, director):
    [row] = send(director, world, ["head_teacher_a"])
    client = world.client("head_teacher_a")
    assert client.post("/api/v1/notifications/", {"title": "伪造"}, content_type="application/json"
                       ).status_code == 405
    assert client.patch(f"/api/v1/notifications/{row.pk}/", {"title": "改"}, content_type="application/json"
                        ).status_code == 405
    assert client.delete(f"/api/v1/notifications/{row.pk}/").status_code == 405
    assert Notification.objects.get(pk=row.pk).title == "期中家长会通知"
