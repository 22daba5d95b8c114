"""Writes of notices to families and per-child messages. Each checks the actor's scope (rules.py), validates,
writes in one transaction and says why in Chinese when it refuses (nothing is written then).

Sending is a task (tasks.deliver_notice_task, body: notice_deliver): the families are resolved (one row per
student), their guardians with an account get one inbox notification each (bulk), every configured channel tries
them (core.notifications), and the notice's `done` tells the sender's page how far it is."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.models import Grade, Membership, Notification, NotificationDelivery, Role, SchoolClass, User
from xinhuo.core.notifications import configured_channels
from xinhuo.core.signals import notifications_created
from xinhuo.core.uploads import check_file, process_later
from xinhuo.core.validators import choose_one_of, clean_text
from xinhuo.people import selectors as people

from . import rules, selectors
from .models import (
    ANSWERS_MAX,
    BODY_MAX,
    MESSAGE_MAX,
    TITLE_MAX,
    FamilyMessage,
    FamilyNotice,
    FamilyNoticeAttachment,
    FamilyNoticeRecipient,
    FamilyThread,
    NoticeAudience,
    NoticeReplyKind,
    NoticeStatus,
)

if TYPE_CHECKING:
    from xinhuo.people.models import Student

MAX_ATTACHMENTS = 5
MAX_QUESTIONS = 5
QUESTION_MAX = 100
OPTION_MAX = 30
MAX_OPTIONS = 6
TEXT_ANSWER_MAX = 200
CHUNK = 500  # families per step of the delivery (a step commits: the sender's page sees the progress)


# --- writing a notice -----------------------------------------------------------------------------------------


def clean_questions(questions, errors: dict) -> list[dict]:
    """The form's questions: a list of {"text", "kind": "choice"|"text", "options"}; keys q1, q2 ... given here."""
    out: list[dict] = []
    if not isinstance(questions, list):
        errors["questions"] = _("The questions are not in the expected form.")
        return out
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = _("At most %(n)d questions.") % {"n": MAX_QUESTIONS}
        return out
    for i, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            errors["questions"] = _("The questions are not in the expected form.")
            return out
        text = str(q.get("text") or "").strip()
        kind = q.get("kind") or "text"
        options = [str(o).strip() for o in (q.get("options") or []) if str(o).strip()]
        if not text or len(text) > QUESTION_MAX:
            errors["questions"] = _("Question %(i)d: write the question in at most %(n)d characters.") % {
                "i": i, "n": QUESTION_MAX}
            return out
        if kind not in ("choice", "text"):
            errors["questions"] = _("Question %(i)d: a question is a choice or a short text.") % {"i": i}
            return out
        if kind == "choice" and not (2 <= len(options) <= MAX_OPTIONS and all(len(o) <= OPTION_MAX for o in options)
                                     and len(set(options)) == len(options)):
            errors["questions"] = _("Question %(i)d: give 2 to %(n)d different options of at most %(m)d "
                                    "characters.") % {"i": i, "n": MAX_OPTIONS, "m": OPTION_MAX}
            return out
        out.append({"key": f"q{i}", "text": text, "kind": kind, "options": options if kind == "choice" else []})
    return out


def _check_scope(actor: Actor, audience: str, grades: list[Grade], classes: list[SchoolClass],
                 students: list[Student], errors: dict) -> None:
    school = actor.school.pk
    if audience not in NoticeAudience.values:
        errors["audience"] = choose_one_of(NoticeAudience)
        return
    if audience not in rules.audiences(actor):
        errors["audience"] = _("You may not send a notice to this audience.")
        return
    if any(g.school_id != school for g in grades) or any(c.school_id != school for c in classes) or any(
            s.school_id != school for s in students):
        raise Http404
    own = None if rules.all_classes(actor) else actor.class_ids
    if audience == NoticeAudience.GRADES and not grades:
        errors["grades"] = _("Choose at least one grade.")
    if audience == NoticeAudience.CLASSES:
        if not classes:
            errors["classes"] = _("Choose at least one class.")
        elif own is not None and any(c.pk not in own for c in classes):
            errors["classes"] = _("You may only notify the families of your own classes.")
        elif any(c.graduated_in_id for c in classes):
            errors["classes"] = _("A graduated class has no families to notify.")
    if audience == NoticeAudience.FAMILIES:
        if not students:
            errors["students"] = _("Choose at least one family.")
        elif own is not None and any(s.school_class_id not in own for s in students):
            errors["students"] = _("You may only notify the families of your own classes.")
        elif not all(people.student_is_enrolled(s) for s in students):
            errors["students"] = _("Only families of students at school can be notified.")


@audited
@transaction.atomic
def notice_save(*, actor: Actor, notice: FamilyNotice | None = None, title: str, body: str, audience: str,
                grades: Iterable[Grade] = (), classes: Iterable[SchoolClass] = (), students: Iterable[Student] = (),
                reply_kind: str = NoticeReplyKind.NONE, questions: list | None = None,
                reply_deadline: dt.datetime | None = None, attachments: Iterable = (),
                remove_attachments: Iterable[int] = ()) -> FamilyNotice:
    """A new notice (a draft) or a draft's changes. Attachments are checked (type by content, size) before
    anything is written."""
    actor.require("family.notices.send")
    if notice is not None:
        notice = selectors.own_notice(actor, notice.pk)
        if notice.status != NoticeStatus.DRAFT:
            raise ValidationError(_("The notice has been sent: it can no longer be changed."))
    errors: dict = {}
    title = clean_text(title, TITLE_MAX, "title", errors)
    body = clean_text(body, BODY_MAX, "body", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the notice a title.")
    if not body and "body" not in errors:
        errors["body"] = _("Write the text of the notice.")
    grades, classes, students = list(grades), list(classes), list(students)
    _check_scope(actor, audience, grades, classes, students, errors)
    if reply_kind not in NoticeReplyKind.values:
        errors["reply_kind"] = choose_one_of(NoticeReplyKind)
    cleaned_questions: list[dict] = []
    if reply_kind == NoticeReplyKind.FORM:
        cleaned_questions = clean_questions(questions or [], errors)
        if not cleaned_questions and "questions" not in errors:
            errors["questions"] = _("A reply form needs at least one question.")
    if reply_kind in (NoticeReplyKind.YES_NO, NoticeReplyKind.FORM):
        if reply_deadline is None:
            errors["reply_deadline"] = _("Give the families a deadline to reply by.")
        elif reply_deadline <= timezone.now():
            errors["reply_deadline"] = _("The reply deadline must be in the future.")
    else:
        reply_deadline = None
    uploads = [u for u in attachments if u]
    kept = 0 if notice is None else notice.attachments.exclude(pk__in=list(remove_attachments)).count()
    checked = []
    if kept + len(uploads) > MAX_ATTACHMENTS:
        errors["attachments"] = _("A notice has at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}
    else:
        problems = []
        for u in uploads:
            try:
                checked.append(check_file(u))
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            errors["attachments"] = problems
    if errors:
        raise ValidationError(errors)
    if notice is None:
        notice = FamilyNotice(school=actor.school, sender=actor.user)
    notice.signed = (actor.user.display_name or "")[:50]
    notice.title, notice.body, notice.audience = title, body, audience
    notice.reply_kind, notice.questions, notice.reply_deadline = reply_kind, cleaned_questions, reply_deadline
    notice.save()
    notice.grades.set(grades if audience == NoticeAudience.GRADES else [])
    notice.classes.set(classes if audience == NoticeAudience.CLASSES else [])
    notice.students.set(students if audience == NoticeAudience.FAMILIES else [])
    if remove_attachments:
        for item in notice.attachments.filter(pk__in=list(remove_attachments)):
            stored = item.file
            item.delete()
            transaction.on_commit(lambda stored=stored: stored.delete(save=False))  # type: ignore[misc]
    for c in checked:
        item = FamilyNoticeAttachment.objects.create(notice=notice, file=c.content, name=c.original_name[:150],
                                                     content_type=c.content_type, size=c.size)
        process_later(item, "file", size_field="size")  # a picture is finished by the task worker
    return notice


def audience_students(notice: FamilyNotice):
    """The students (families) a notice addresses, at school now."""
    qs = people.enrolled_students_of_school(notice.school_id).filter(school_class__graduated_in__isnull=True)
    if notice.audience == NoticeAudience.GRADES:
        qs = qs.filter(school_class__grade__in=notice.grades.all())
    elif notice.audience == NoticeAudience.CLASSES:
        qs = qs.filter(school_class__in=notice.classes.all())
    elif notice.audience == NoticeAudience.FAMILIES:
        qs = qs.filter(pk__in=notice.students.values("pk"))
    return qs


@audited
@transaction.atomic
def notice_send(*, actor: Actor, notice: FamilyNotice) -> FamilyNotice:
    """Queue a draft for delivery: the task resolves its families and notifies them (progress on its page)."""
    notice = selectors.own_notice(actor, notice.pk)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("The notice has already been sent."))
    # the scope again at sending: a head teacher who changed class does not send to the old one
    _errors: dict = {}
    _check_scope(actor, notice.audience, list(notice.grades.all()), list(notice.classes.all()),
                 list(notice.students.all()), _errors)
    if _errors:
        raise ValidationError(_errors)
    if notice.reply_deadline is not None and notice.reply_deadline <= timezone.now():
        raise ValidationError({"reply_deadline": _("The reply deadline has passed: set a new one before sending.")})
    total = audience_students(notice).count()
    if not total:
        raise ValidationError(_("No family is addressed: the audience has no students at school."))
    FamilyNotice.objects.filter(pk=notice.pk).update(status=NoticeStatus.SENDING, sent_at=timezone.now(),
                                                      total=total, done=0)
    notice.refresh_from_db()

    def enqueue() -> None:
        from .tasks import deliver_notice_task

        deliver_notice_task.enqueue(notice.pk)

    transaction.on_commit(enqueue)
    return notice


def notice_link(notice: FamilyNotice) -> str:
    return reverse("family:notices-read", args=[notice.pk])


def _deliver_bulk(rows: list[Notification], users: dict[int, tuple[str, str]]) -> None:
    """Every configured channel tries each notification; the outcomes are written in one statement."""
    channels = configured_channels()
    outcomes = []
    now = timezone.now()
    for n in rows:
        username, email = users[n.recipient_id]
        n.recipient = User(pk=n.recipient_id, username=username, email=email)  # what a channel reads, no query
        for channel in channels:
            try:
                status, detail = channel.send(n)
            except Exception as exc:  # noqa: BLE001 - one channel's failure must not stop the others
                status, detail = NotificationDelivery.Status.FAILED, f"{type(exc).__name__}: {exc}"
            outcomes.append(NotificationDelivery(notification_id=n.pk, channel=channel.name, status=status,
                                                 detail=str(detail)[:300], at=now))
    NotificationDelivery.objects.bulk_create(outcomes, batch_size=1000)


def _notify(notice: FamilyNotice, user_ids: list[int], users: dict[int, tuple[str, str]], title: str,
            body: str) -> list[Notification]:
    batch, now = uuid.uuid4(), timezone.now()
    link = notice_link(notice)
    rows = Notification.objects.bulk_create(
        [Notification(school_id=notice.school_id, recipient_id=u, sender_id=notice.sender_id, batch=batch,
                      title=title[:100], body=body[:2000], link=link, created_at=now) for u in user_ids],
        batch_size=1000)
    if rows and not all(n.pk for n in rows):  # a database that does not return the keys of a bulk insert
        rows = list(Notification.objects.filter(batch=batch).order_by("pk"))
    notifications_created.send(sender=Notification, notifications=rows)
    _deliver_bulk(rows, users)
    return rows


def _excerpt(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _guardian_accounts(school_id: int, student_ids) -> list[tuple[int, int, str, str]]:
    """(student, user, username, e-mail) of the guardians with an active parent account in the school."""
    parents = Membership.objects.filter(school_id=school_id, role=Role.PARENT).values("user_id")
    return list(people.guardian_links_of_school(school_id).filter(student_id__in=student_ids,
                                                                  guardian__user__is_active=True,
                                                                  guardian__user_id__in=parents)
                .values_list("student_id", "guardian__user_id", "guardian__user__username",
                             "guardian__user__email").order_by("student_id", "pk"))


def notice_deliver(notice_id: int, progress: Callable[[int, int], None] | None = None) -> int:
    """The delivery task's body: claims the notice once (a second run does nothing), then per step of CHUNK
    families: their rows, one inbox notification per guardian account (a guardian of two children gets one),
    the channels, and the progress. Returns the number of notifications created."""
    now = timezone.now()
    if not FamilyNotice.objects.filter(pk=notice_id, status=NoticeStatus.SENDING, claimed_at__isnull=True).update(
            claimed_at=now):
        return 0
    notice = FamilyNotice.objects.get(pk=notice_id)
    families = list(audience_students(notice).values_list("pk", "school_class_id").order_by("pk"))
    FamilyNotice.objects.filter(pk=notice.pk).update(total=len(families), done=0)
    title = notice.title
    body = _("%(title)s — %(excerpt)s (from %(who)s)") % {"title": notice.title, "excerpt": _excerpt(notice.body),
                                                          "who": notice.signed}
    notified: set[int] = set()
    created = 0
    for start in range(0, len(families), CHUNK):
        chunk = families[start:start + CHUNK]
        ids = [pk for pk, _c in chunk]
        accounts = _guardian_accounts(notice.school_id, ids)
        per_student: dict[int, int] = {}
        users: dict[int, tuple[str, str]] = {}
        for student_id, user_id, username, email in accounts:
            per_student[student_id] = per_student.get(student_id, 0) + 1
            users[user_id] = (username, email or "")
        with transaction.atomic():
            FamilyNoticeRecipient.objects.bulk_create(
                [FamilyNoticeRecipient(notice_id=notice.pk, student_id=pk, school_class_id=class_id,
                                       accounts=min(per_student.get(pk, 0), 32767)) for pk, class_id in chunk],
                batch_size=1000, ignore_conflicts=True)
            fresh = [u for u in users if u not in notified]
            notified.update(fresh)
            created += len(_notify(notice, fresh, users, title, body))
            FamilyNotice.objects.filter(pk=notice.pk).update(done=start + len(chunk))
        if progress:
            progress(start + len(chunk), len(families))
    FamilyNotice.objects.filter(pk=notice.pk).update(status=NoticeStatus.SENT, delivered_at=timezone.now(),
                                                      done=len(families))
    return created


# --- reading and replying (parents) ---------------------------------------------------------------------------


def notice_mark_read(*, actor: Actor, notice: FamilyNotice) -> int:
    """Opening the notice marks the parent's families read (by this guardian, now) and its inbox entry read;
    a family already read keeps its first reader. Returns the rows marked."""
    now = timezone.now()
    marked = FamilyNoticeRecipient.objects.filter(notice=notice, student_id__in=actor.child_ids,
                                                  read_at__isnull=True).update(read_at=now, read_by=actor.user)
    Notification.objects.filter(recipient=actor.user, school=actor.school, link=notice_link(notice),
                                read_at__isnull=True).update(read_at=now)
    return marked


def _clean_answers(notice: FamilyNotice, answers, errors: dict) -> dict:
    if not isinstance(answers, dict):
        errors["answers"] = _("The answers are not in the expected form.")
        return {}
    out: dict[str, str] = {}
    for q in notice.questions:
        value = str(answers.get(q["key"]) or "").strip()
        if not value:
            errors[q["key"]] = _("Answer this question.")
        elif q["kind"] == "choice" and value not in q["options"]:
            errors[q["key"]] = _("Choose one of: %(allowed)s.") % {"allowed": "、".join(q["options"])}
        elif q["kind"] == "text" and len(value) > TEXT_ANSWER_MAX:
            errors[q["key"]] = _("At most %(n)d characters (now %(len)d).") % {"n": TEXT_ANSWER_MAX,
                                                                             "len": len(value)}
        out[q["key"]] = value
    return out


@audited
@transaction.atomic
def notice_reply(*, actor: Actor, notice: FamilyNotice, student: Student, agree: bool | None = None,
                 answers: dict | None = None) -> FamilyNoticeRecipient:
    """The family's one reply; a guardian may change it until the deadline, after which it is refused."""
    actor.require("family.notices.read")
    if student.pk not in actor.child_ids:
        raise Http404
    row = (FamilyNoticeRecipient.objects.select_for_update()
           .filter(notice=notice, student=student, notice__status__in=selectors.OUT).first())
    if row is None:
        raise Http404
    if not notice.asks_reply:
        raise ValidationError(_("This notice asks for no reply."))
    if notice.reply_closed:
        raise ValidationError(_("The reply deadline (%(when)s) has passed: the reply can no longer be given or "
                                "changed.") % {"when": timezone.localtime(notice.reply_deadline).strftime(
                                    "%Y-%m-%d %H:%M")})
    errors: dict = {}
    now = timezone.now()
    if notice.reply_kind == NoticeReplyKind.YES_NO:
        if agree is None:
            raise ValidationError({"agree": _("Answer yes or no.")})
        row.agree, row.answers = agree, ""
    else:
        cleaned = _clean_answers(notice, answers or {}, errors)
        text = json.dumps(cleaned, ensure_ascii=False)
        if len(text) > ANSWERS_MAX:
            errors["answers"] = _("The answers are too long.")
        if errors:
            raise ValidationError(errors)
        row.agree, row.answers = None, text
    row.replied_at, row.replied_by = now, actor.user
    if row.read_at is None:
        row.read_at, row.read_by = now, actor.user
    row.save(update_fields=["agree", "answers", "replied_at", "replied_by", "read_at", "read_by"])
    return row


def answers_of(notice: FamilyNotice, row: FamilyNoticeRecipient) -> list[tuple[str, str]]:
    """The reply of a family as (question, answer) pairs, for the pages and the export."""
    if notice.reply_kind == NoticeReplyKind.YES_NO:
        if row.agree is None:
            return []
        return [(_("Answer"), _("Yes") if row.agree else _("No"))]
    try:
        given = json.loads(row.answers) if row.answers else {}
    except ValueError:
        given = {}
    return [(q["text"], given.get(q["key"], "")) for q in notice.questions] if given else []


# --- reminding ----------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def notice_remind(*, actor: Actor, notice: FamilyNotice) -> int:
    """Remind the families that have not read the notice; at most once a day per notice. Returns how many
    guardian accounts were reminded."""
    notice = FamilyNotice.objects.select_for_update().get(pk=selectors.own_notice(actor, notice.pk).pk)
    if notice.status != NoticeStatus.SENT:
        raise ValidationError(_("The notice is still being delivered: remind the families once it is sent."))
    today = timezone.localdate()
    if notice.reminded_on == today:
        raise ValidationError(_("The unread families were already reminded today: a notice is reminded at most "
                                "once a day."))
    unread = FamilyNoticeRecipient.objects.filter(notice=notice, read_at__isnull=True).values("student_id")
    accounts = _guardian_accounts(notice.school_id, unread)
    users = {u: (name, email or "") for _s, u, name, email in accounts}
    if not users:
        raise ValidationError(_("No unread family has a guardian with an account to remind."))
    FamilyNotice.objects.filter(pk=notice.pk).update(reminded_on=today)
    title = _("Reminder: %(title)s") % {"title": notice.title}
    body = _("Please read the notice “%(title)s”.") % {"title": notice.title}
    if notice.asks_reply and notice.reply_deadline:
        body += " " + _("Reply by %(when)s.") % {"when": timezone.localtime(notice.reply_deadline).strftime(
            "%Y-%m-%d %H:%M")}
    _notify(notice, list(users), users, title, body)
    return len(users)


# --- per-child messages -------------------------------------------------------------------------------------------


def _message_body(body: str, errors: dict) -> str:
    body = clean_text(body, MESSAGE_MAX, "body", errors)
    if not body and "body" not in errors:
        errors["body"] = _("Write the message.")
    return body


def _tell(thread: FamilyThread, side: str, actor: Actor) -> None:
    """An inbox notice to the other side, without the message's text (it is sensitive)."""
    from xinhuo.core.notifications import notify

    link = reverse("family:messages-thread", args=[thread.pk])
    if side == FamilyMessage.Side.SCHOOL:
        users = [g.user for g in thread.student.guardians.filter(user__isnull=False).select_related("user")]
        title = _("A message from the head teacher")
    else:
        teachers = list(User.objects.filter(memberships__school=thread.school, memberships__role=Role.HEAD_TEACHER,
                                            memberships__classes=thread.student.school_class_id))
        starter = [thread.started_by] if thread.started_by else []
        users = teachers + starter  # type: ignore[assignment]
        title = _("A family replied to your message")
    notify(thread.school, users, title, _("Open the message thread to read it."), link, exclude=actor.user)


@audited
@transaction.atomic
def thread_start(*, actor: Actor, student: Student, subject: str, body: str) -> FamilyThread:
    """A head teacher writes to one family about one child of their classes."""
    actor.require("family.messages.write")
    if student.school_id != actor.school.pk or student.school_class_id not in actor.class_ids:
        raise Http404
    errors: dict = {}
    subject = clean_text(subject, 100, "subject", errors)
    if not subject and "subject" not in errors:
        errors["subject"] = _("Give the message a subject.")
    body = _message_body(body, errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    thread = FamilyThread.objects.create(school=actor.school, student=student, started_by=actor.user,
                                         subject=subject, created_at=now, last_at=now)
    FamilyMessage.objects.create(thread=thread, author=actor.user, side=FamilyMessage.Side.SCHOOL, body=body,
                                 sent_at=now)
    _tell(thread, FamilyMessage.Side.SCHOOL, actor)
    return thread


@audited
@transaction.atomic
def thread_reply(*, actor: Actor, thread: FamilyThread, body: str) -> FamilyMessage:
    """A message in the thread, from the family or from the school side; messages are kept, never deleted."""
    if not rules.can(actor, "write_in_thread", thread):
        raise Http404
    errors: dict = {}
    body = _message_body(body, errors)
    if errors:
        raise ValidationError(errors)
    side = rules.thread_side(actor, thread)
    now = timezone.now()
    message = FamilyMessage.objects.create(thread=thread, author=actor.user, side=side, body=body, sent_at=now)
    FamilyThread.objects.filter(pk=thread.pk).update(last_at=now)
    _tell(thread, side, actor)
    return message


def thread_mark_read(*, actor: Actor, thread: FamilyThread) -> int:
    """Opening a thread records when the other side's messages were first read, and by whom."""
    side = rules.thread_side(actor, thread)
    other = FamilyMessage.Side.SCHOOL if side == FamilyMessage.Side.FAMILY else FamilyMessage.Side.FAMILY
    return FamilyMessage.objects.filter(thread=thread, side=other, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=actor.user)

