"""Notices to families: who may address whom (refused scope sends nothing), delivery, read receipts, replies and
their deadline, one reminder a day, attachments checked by core.uploads."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from conftest import make_user
from xinhuo.core.models import Notification, NotificationDelivery, Role
from xinhuo.family.notices import rules, services
from xinhuo.family.notices.models import (
    FamilyNotice,
    FamilyNoticeAttachment,
    FamilyNoticeRecipient,
    NoticeAudience,
    NoticeStatus,
)

pytestmark = pytest.mark.django_db
A = NoticeAudience


def later(days: int = 3) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def make_notice(world, persona: str = "head_teacher_a", *, send: bool = True, capture=None, **kw) -> FamilyNotice:
    """A notice through the services; sent (the task run by the on-commit callback) unless send=False."""
    actor = world.actor(persona)
    kw.setdefault("title", "期中考试家长会通知")
    kw.setdefault("body", "定于11月20日下午召开家长会，请准时参加。")
    kw.setdefault("audience", A.CLASSES)
    if kw["audience"] == A.CLASSES:
        kw.setdefault("classes", [world.class_a])
    notice = services.notice_save(actor=actor, **kw)
    if send:
        assert capture is not None
        with capture(execute=True):
            services.notice_send(actor=actor, notice=notice)
        notice.refresh_from_db()
    return notice


def png(name: str = "海报.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


# --- who addresses whom -------------------------------------------------------------------------------------------


def test_audiences_follow_the_roles(world):
    assert rules.audiences(world.actor("head_teacher_a")) == [A.CLASSES, A.FAMILIES]
    assert rules.audiences(world.actor("director")) == [A.SCHOOL, A.GRADES, A.CLASSES, A.FAMILIES]
    assert rules.audiences(world.actor("leader")) == [A.SCHOOL, A.GRADES, A.CLASSES, A.FAMILIES]
    dept = make_user("depthead", world.school, Role.DEPARTMENT_HEAD, department=world.department)
    from xinhuo.core.access import build_actor

    assert rules.audiences(build_actor(dept)) == [A.GRADES]
    assert not world.actor("admin").can("family.notices.send")
    assert not world.actor("counsellor").can("family.notices.send")
    assert not world.actor("student_x").can("family.notices.read")


def test_head_teacher_notifies_own_class_one_row_per_family(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    assert notice.status == NoticeStatus.SENT and notice.total == 2 and notice.done == 2
    rows = {r.student_id: r for r in FamilyNoticeRecipient.objects.filter(notice=notice)}
    assert set(rows) == {world.student_x.pk, world.student_y.pk}
    assert rows[world.student_x.pk].accounts == 1 and rows[world.student_y.pk].accounts == 0
    [n] = Notification.objects.filter(link=f"/family/notices/my/{notice.pk}/")
    assert n.recipient == world.users["parent_x"] and n.title == notice.title


def test_head_teacher_refused_another_class_and_nothing_is_sent(world):
    actor = world.actor("head_teacher_a")
    with pytest.raises(ValidationError) as exc:
        services.notice_save(actor=actor, title="通知", body="内容", audience=A.CLASSES, classes=[world.class_b])
    assert exc.value.message_dict["classes"] == [_("You may only notify the families of your own classes.")]
    with pytest.raises(ValidationError) as exc:
        services.notice_save(actor=actor, title="通知", body="内容", audience=A.FAMILIES,
                             students=[world.student_z])
    assert "students" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.notice_save(actor=actor, title="通知", body="内容", audience=A.SCHOOL)
    assert "audience" in exc.value.message_dict
    assert not FamilyNotice.objects.exists() and not Notification.objects.exists()


def test_department_head_addresses_grades_only(world, django_capture_on_commit_callbacks):
    from xinhuo.core.access import build_actor

    dept = build_actor(make_user("depthead", world.school, Role.DEPARTMENT_HEAD, department=world.department))
    with pytest.raises(ValidationError) as exc:
        services.notice_save(actor=dept, title="通知", body="内容", audience=A.CLASSES, classes=[world.class_a])
    assert "audience" in exc.value.message_dict
    notice = services.notice_save(actor=dept, title="初一年级通知", body="内容", audience=A.GRADES,
                                  grades=[world.grade])
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(actor=dept, notice=notice)
    assert FamilyNoticeRecipient.objects.filter(notice=notice).count() == 3


def test_committee_notifies_the_whole_school_and_chosen_families(world, django_capture_on_commit_callbacks):
    whole = make_notice(world, "director", audience=A.SCHOOL, capture=django_capture_on_commit_callbacks)
    assert set(whole.recipients.values_list("student_id", flat=True)) == {
        world.student_x.pk, world.student_y.pk, world.student_z.pk}
    chosen = make_notice(world, "leader", audience=A.FAMILIES, students=[world.student_z],
                         capture=django_capture_on_commit_callbacks)
    assert list(chosen.recipients.values_list("student_id", flat=True)) == [world.student_z.pk]


def test_other_school_records_are_404(world):
    from django.http import Http404

    with pytest.raises(Http404):
        services.notice_save(actor=world.actor("director"), title="t", body="b", audience=A.CLASSES,
                             classes=[world.other_class])


def test_reply_needs_a_future_deadline_and_questions(world):
    actor = world.actor("head_teacher_a")
    with pytest.raises(ValidationError) as exc:
        services.notice_save(actor=actor, title="t", body="b", audience=A.CLASSES, classes=[world.class_a],
                             reply_kind="yes_no")
    assert "reply_deadline" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.notice_save(actor=actor, title="t", body="b", audience=A.CLASSES, classes=[world.class_a],
                             reply_kind="form", questions=[{"text": "是否参加", "kind": "choice",
                                                            "options": ["参加"]}], reply_deadline=later())
    assert "questions" in exc.value.message_dict
    assert not FamilyNotice.objects.exists()


# --- the delivery task --------------------------------------------------------------------------------------------


def test_the_task_reports_progress_and_notifies_once(world, django_capture_on_commit_callbacks):
    world.users["parent_x"].email = "zhang@example.com"
    world.users["parent_x"].save()
    notice = make_notice(world, "director", audience=A.SCHOOL, send=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notice_send(actor=world.actor("director"), notice=notice)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENDING and notice.total == 3 and notice.percent == 0
    steps = []
    assert services.notice_deliver(notice.pk, progress=lambda done, total: steps.append((done, total))) == 1
    assert steps == [(3, 3)]
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT and notice.percent == 100 and notice.delivered_at
    # the queued task (and any second run) sends nothing more
    for cb in callbacks:
        cb()
    assert services.notice_deliver(notice.pk) == 0
    assert Notification.objects.filter(link__endswith=f"/{notice.pk}/").count() == 1
    assert FamilyNoticeRecipient.objects.filter(notice=notice).count() == 3
    [delivery] = NotificationDelivery.objects.all()
    assert delivery.channel == "email" and delivery.status == "sent"
    assert len(mail.outbox) == 1 and notice.title in mail.outbox[0].subject


def test_delivery_in_steps_commits_progress(world, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 1)
    notice = make_notice(world, "director", audience=A.SCHOOL, send=False)
    with django_capture_on_commit_callbacks(execute=False):
        services.notice_send(actor=world.actor("director"), notice=notice)
    seen = []
    services.notice_deliver(notice.pk, progress=lambda d, t: seen.append(
        FamilyNotice.objects.values_list("done", flat=True).get(pk=notice.pk)))
    assert seen == [1, 2, 3]


# --- reading, replying, reminding ---------------------------------------------------------------------------------


def test_opening_marks_the_family_read_by_that_guardian(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    parent = world.actor("parent_x")
    assert services.notice_mark_read(actor=parent, notice=notice) == 1
    row = FamilyNoticeRecipient.objects.get(notice=notice, student=world.student_x)
    first = row.read_at
    assert row.read_by == world.users["parent_x"] and first
    assert Notification.objects.get(recipient=world.users["parent_x"]).read_at is not None
    assert services.notice_mark_read(actor=parent, notice=notice) == 0
    row.refresh_from_db()
    assert row.read_at == first
    assert FamilyNoticeRecipient.objects.get(notice=notice, student=world.student_y).read_at is None


def test_reply_changes_until_the_deadline_then_refused_unchanged(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, reply_kind="yes_no", reply_deadline=later(), capture=django_capture_on_commit_callbacks)
    parent = world.actor("parent_x")
    row = services.notice_reply(actor=parent, notice=notice, student=world.student_x, agree=True)
    assert row.agree is True and row.replied_by == world.users["parent_x"] and row.read_at
    row = services.notice_reply(actor=parent, notice=notice, student=world.student_x, agree=False)
    assert row.agree is False
    assert FamilyNoticeRecipient.objects.filter(notice=notice, replied_at__isnull=False).count() == 1
    FamilyNotice.objects.filter(pk=notice.pk).update(reply_deadline=timezone.now() - dt.timedelta(minutes=1))
    notice.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.notice_reply(actor=parent, notice=notice, student=world.student_x, agree=True)
    assert "deadline" in exc.value.messages[0] or "截止" in exc.value.messages[0]
    row.refresh_from_db()
    assert row.agree is False


def test_form_reply_is_checked_and_encrypted(world, django_capture_on_commit_callbacks):
    questions = [{"text": "是否参加", "kind": "choice", "options": ["参加", "不参加"]},
                 {"text": "孩子有无过敏", "kind": "text"}]
    notice = make_notice(world, reply_kind="form", questions=questions, reply_deadline=later(),
                         capture=django_capture_on_commit_callbacks)
    assert [q["key"] for q in notice.questions] == ["q1", "q2"]
    parent = world.actor("parent_x")
    with pytest.raises(ValidationError) as exc:
        services.notice_reply(actor=parent, notice=notice, student=world.student_x, answers={"q1": "也许"})
    assert set(exc.value.message_dict) == {"q1", "q2"}
    row = services.notice_reply(actor=parent, notice=notice, student=world.student_x,
                                answers={"q1": "参加", "q2": "对花生过敏"})
    assert services.answers_of(notice, row) == [("是否参加", "参加"), ("孩子有无过敏", "对花生过敏")]
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT answers FROM family_familynoticerecipient WHERE id = %s", [row.pk])
        assert "花生" not in cur.fetchone()[0]


def test_a_parent_replies_only_for_their_own_child(world, django_capture_on_commit_callbacks):
    from django.http import Http404

    notice = make_notice(world, reply_kind="yes_no", reply_deadline=later(), capture=django_capture_on_commit_callbacks)
    with pytest.raises(Http404):
        services.notice_reply(actor=world.actor("parent_x"), notice=notice, student=world.student_y, agree=True)


def test_reminding_unread_families_at_most_once_a_day(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    teacher = world.actor("head_teacher_a")
    assert services.notice_remind(actor=teacher, notice=notice) == 1
    before = Notification.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.notice_remind(actor=teacher, notice=notice)
    assert exc.value.messages == [_("The unread families were already reminded today: a notice is reminded at "
                                    "most once a day.")]
    assert Notification.objects.count() == before
    notice.refresh_from_db()
    assert notice.reminded_on == timezone.localdate()
    # the next day, only unread families are reminded: the parent has read it
    FamilyNotice.objects.filter(pk=notice.pk).update(reminded_on=timezone.localdate() - dt.timedelta(days=1))
    services.notice_mark_read(actor=world.actor("parent_x"), notice=notice)
    with pytest.raises(ValidationError):
        services.notice_remind(actor=teacher, notice=notice)  # no unread family has an account


def test_another_head_teacher_cannot_remind_or_see(world, django_capture_on_commit_callbacks):
    from django.http import Http404

    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    with pytest.raises(Http404):
        services.notice_remind(actor=world.actor("head_teacher_b"), notice=notice)


def test_attachments_are_checked_and_a_refusal_saves_nothing(world):
    actor = world.actor("head_teacher_a")
    fake = SimpleUploadedFile("通知.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.notice_save(actor=actor, title="t", body="b", audience=A.CLASSES, classes=[world.class_a],
                             attachments=[png(), fake])
    assert "attachments" in exc.value.message_dict
    assert not FamilyNotice.objects.exists() and not FamilyNoticeAttachment.objects.exists()
    script = SimpleUploadedFile("a.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.notice_save(actor=actor, title="t", body="b", audience=A.CLASSES, classes=[world.class_a],
                             attachments=[script])
    notice = services.notice_save(actor=actor, title="t", body="b", audience=A.CLASSES, classes=[world.class_a],
                                  attachments=[png()])
    [item] = notice.attachments.all()
    assert item.name == "海报.png" and item.is_image and "海报" not in item.file.name
    with pytest.raises(ValidationError):
        services.notice_save(actor=actor, notice=notice, title="t", body="b", audience=A.CLASSES,
                             classes=[world.class_a], attachments=[png(f"{i}.png") for i in range(5)])


def test_a_sent_notice_cannot_be_edited_or_sent_again(world, django_capture_on_commit_callbacks):
    notice = make_notice(world, capture=django_capture_on_commit_callbacks)
    actor = world.actor("head_teacher_a")
    with pytest.raises(ValidationError):
        services.notice_save(actor=actor, notice=notice, title="改", body="b", audience=A.CLASSES,
                             classes=[world.class_a])
    with pytest.raises(ValidationError):
        services.notice_send(actor=actor, notice=notice)
