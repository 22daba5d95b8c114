"""Access-matrix cases of notices to families with read receipts and replies, per-child messages (FAM-4).

The notices of these cases are head_teacher_a's to class A (parent_x's child is in it); the committee (director,
leader) reads every notice's receipts but only the sender edits, sends or reminds. The thread is head_teacher_a's
about student_x: seen by head_teacher_a and parent_x only."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import Case, k

SENDERS = {"director", "leader", "head_teacher_a", "head_teacher_b", "outsider"}
READERS = {"head_teacher_a", "director", "leader"}  # a notice of head_teacher_a's: its sender and the committee
SENDER = {"head_teacher_a"}
PARENT = {"parent_x"}
THREAD_VIEWERS = {"head_teacher_a", "head_teacher_b", "parent_x"}
HEAD_TEACHERS = {"head_teacher_a", "head_teacher_b"}
THREAD_PARTIES = {"head_teacher_a", "parent_x"}


def _draft(w, e, **kw):
    from django.utils import timezone

    from xinhuo.family.notices import services

    kw.setdefault("reply_kind", "yes_no")
    kw.setdefault("reply_deadline", timezone.now() + dt.timedelta(days=3))
    return services.notice_save(actor=w.actor("head_teacher_a"), title="家长会通知", body="周五下午开家长会。",
                                audience="classes", classes=[w.class_a], **kw)


def draft(w, e):
    return _draft(w, e).pk


def _sent(w, e, **kw):
    from xinhuo.family.notices import services

    notice = _draft(w, e, **kw)
    services.notice_send(actor=w.actor("head_teacher_a"), notice=notice)
    services.notice_deliver(notice.pk)  # the task's body (the on-commit queue never runs in a test transaction)
    return notice


def sent(w, e):
    return _sent(w, e).pk


def _with_file(w, e):
    from .test_notices_services import png

    notice = _sent(w, e, attachments=[png()])
    return notice


def file_notice(w, e):
    return _with_file(w, e).pk


def file_pk(w, e):
    from xinhuo.family.notices.models import FamilyNoticeAttachment

    return FamilyNoticeAttachment.objects.order_by("-pk").values_list("pk", flat=True).first()


def thread(w, e):
    from xinhuo.family.notices import services

    return services.thread_start(actor=w.actor("head_teacher_a"), student=w.student_x, subject="关于作业",
                                 body="小明最近作业完成得不太好，想和您聊聊。").pk


def _file_kwargs(w, e):
    pk = file_notice(w, e)
    return {"pk": pk, "file_pk": file_pk(w, e)}


CASES: list = [
    # -- senders' pages
    Case("family:notices-list", SENDERS),
    Case("family:notices-new", SENDERS),
    Case("family:notices-detail", READERS, kwargs=k(pk=sent)),
    Case("family:notices-edit", SENDER, kwargs=k(pk=draft)),
    Case("family:notices-progress", READERS, kwargs=k(pk=sent)),
    Case("family:notices-send", SENDER, ok=302, method="post", kwargs=k(pk=draft)),
    Case("family:notices-remind", SENDER, ok=302, method="post", kwargs=k(pk=sent)),
    Case("family:notices-export", READERS, kwargs=k(pk=sent)),
    Case("family:notices-attachment", READERS | PARENT, kwargs=_file_kwargs),
    # -- parents' pages
    Case("family:notices-mine", PARENT),
    Case("family:notices-read", PARENT, kwargs=k(pk=sent)),
    Case("family:notices-reply", PARENT, ok=302, method="post", data={"agree": "yes"},
         kwargs=lambda w, e: {"pk": sent(w, e), "student_pk": w.student_x.pk}),
    # -- per-child messages
    Case("family:messages-list", THREAD_VIEWERS),
    Case("family:messages-new", HEAD_TEACHERS),
    Case("family:messages-thread", THREAD_PARTIES, kwargs=k(pk=thread)),
    # -- API: senders
    Case("api:family-notices-sent-list", SENDERS, api=True),
    Case("api:family-notices-sent-detail", READERS, kwargs=k(pk=sent), api=True),
    Case("api:family-notices-sent-send", SENDER, method="post", kwargs=k(pk=draft), api=True),
    Case("api:family-notices-sent-remind", SENDER, method="post", kwargs=k(pk=sent), api=True),
    Case("api:family-notices-sent-recipients", READERS, kwargs=k(pk=sent), api=True),
    # -- API: parents
    Case("api:family-notices-mine-list", PARENT, api=True),
    Case("api:family-notices-mine-detail", PARENT, kwargs=k(pk=sent), api=True),
    Case("api:family-notices-mine-reply", PARENT, ok=400, method="post", kwargs=k(pk=sent), api=True),
    # -- API: messages
    Case("api:family-messages-list", THREAD_VIEWERS, api=True),
    Case("api:family-messages-detail", THREAD_PARTIES, kwargs=k(pk=thread), api=True),
    Case("api:family-messages-reply", THREAD_PARTIES, ok=400, method="post", kwargs=k(pk=thread), api=True),
]
