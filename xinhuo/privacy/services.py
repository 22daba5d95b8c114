"""Writes of the privacy app (ORG-9): the daily retention job, holds, erasure, and the requests' workflow.

Erasure reaches every app through its manifest's `personal_data` hook (core.registry.PersonalData): each app
anonymises its own rows and names them; this module then scrubs their change history (django-auditlog) and the
access log's free text, and keeps an `Erasure` row with the counts. It runs with the change history switched off,
so the erasure itself writes no new copy of the old values."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core import registry
from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.models import AccessLog, School
from xinhuo.core.validators import clean_text
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step
from xinhuo.people import privacy as people_privacy
from xinhuo.people import selectors as people_selectors
from xinhuo.people.models import LEFT_STATUSES

from . import conf, signals
from .models import Erasure, ErasureHold, PrivacyRequest, PrivacyRequestStep, RequestKind, RequestStatus
from .rules import can, may_file_for

log = logging.getLogger(__name__)

ERASED = "[erased]"
# access-log rows about one student, whose detail is cleared whole (the row — who read what, when — stays)
STUDENT_OBJECT_TYPES = ("student", "growth_record", "privacy_summary")
BATCH = 200  # students erased in one transaction, with one pass over the access log and the history for them all


# --- erasure -----------------------------------------------------------------------------------------------------


def _plain(qs: models.QuerySet) -> models.QuerySet:
    """The access log is append-only for the application; retention is the one writer allowed past that guard."""
    return models.QuerySet(model=qs.model, query=qs.query, using=qs.db)


def _scrub_history(changed: dict[str, list], pseudonyms: dict[int, str], user_ids: frozenset[int]) -> int:
    """Old values out of the change history of the rows an erasure changed: which fields changed and when stay."""
    count = 0
    student_type = "people.Student"
    for label, pks in changed.items():
        if not pks:
            continue
        ct = ContentType.objects.get_for_model(apps.get_model(label))
        entries = list(LogEntry.objects.filter(content_type=ct, object_pk__in=[str(pk) for pk in pks]))
        for e in entries:
            e.changes = {name: [ERASED, ERASED] for name in (e.changes or {})}
            e.changes_text = ""
            e.serialized_data = None
            e.additional_data = None
            e.object_repr = pseudonyms.get(int(e.object_pk), ERASED) if label == student_type else ERASED
        LogEntry.objects.bulk_update(entries, ["changes", "changes_text", "serialized_data", "additional_data",
                                               "object_repr"])
        count += len(entries)
    # the e-mail address copied beside each entry the erased accounts made
    LogEntry.objects.filter(actor_id__in=user_ids).exclude(actor_email="").exclude(actor_email=None).update(
        actor_email="")
    return count


def _pattern(words: Iterable[str]) -> re.Pattern:
    """One expression for all the words, longest first; a number or other ASCII word only as a whole token (a
    student number must not match inside a longer number)."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(rf"(?<![0-9A-Za-z]){escaped}(?![0-9A-Za-z])" if word.isascii() else escaped)
    return re.compile("|".join(parts))


def _raw_pattern(words: dict[str, str]) -> re.Pattern:
    """The words as a JSON column's text may hold them: as they are (PostgreSQL's jsonb) and \\u-escaped (SQLite
    keeps Django's ensure_ascii JSON)."""
    return _pattern([*words, *(json.dumps(w)[1:-1] for w in words)])


def _rewrite(value: Any, pattern: re.Pattern, words: dict[str, str]) -> Any:
    """The value (JSON or text) with the words replaced."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    new = pattern.sub(lambda m: words[m.group(0)], text)
    return new if isinstance(value, str) else json.loads(new)


def _holding(rows: Iterable[tuple[int, str | None]], needles: list[str], exact: re.Pattern,
             size: int = 2000) -> list[int]:
    """The keys of the rows whose text holds a needle. A regular expression of a few hundred words costs tens of
    microseconds a row; a substring search over a chunk of rows joined together costs a fraction, and only a chunk
    that holds a needle is checked row by row (with `exact`, which wants numbers as whole tokens)."""
    hits: list[int] = []
    chunk: list[tuple[int, str]] = []

    def check() -> None:
        joined = "\x00".join(text for _pk, text in chunk)
        if any(n in joined for n in needles):
            hits.extend(pk for pk, text in chunk if exact.search(text))
        chunk.clear()

    for pk, text in rows:
        if text:
            chunk.append((pk, text))
            if len(chunk) >= size:
                check()
    if chunk:
        check()
    return hits


def _scrub_words(words: dict[str, str], school_ids: set[int]) -> int:
    """Wherever names and numbers of those erased were copied into free text that is kept — the access log's details
    (a search's words, a revealed name) and history entries about other rows (a login's membership) — they are
    replaced by the pseudonyms. One pass over each table for a whole batch of students, reading the columns' raw
    text in chunks (_holding) and decoding only the rows that match: a LIKE per word and row took over a second per
    student on a 300,000-row access log (docs/privacy.md)."""
    if not words:
        return 0
    raw, plain = _raw_pattern(words), _pattern(words)
    needles = sorted({*words, *(json.dumps(w)[1:-1] for w in words)})
    logs = (AccessLog.objects.filter(school_id__in=school_ids).exclude(detail={})
            .annotate(raw=Cast("detail", TextField())).values_list("pk", "raw").iterator(chunk_size=5000))
    hits = _holding(logs, needles, raw)
    for pk, detail in AccessLog.objects.filter(pk__in=hits).values_list("pk", "detail"):
        _plain(AccessLog.objects.filter(pk=pk)).update(detail=_rewrite(detail, plain, words))
    history = ((pk, f"{changes}\x00{text}\x00{rep}") for pk, changes, text, rep in
               LogEntry.objects.annotate(raw=Cast("changes", TextField()))
               .values_list("pk", "raw", "changes_text", "object_repr").iterator(chunk_size=5000))
    entry_hits = _holding(history, needles, raw)
    entries = list(LogEntry.objects.filter(pk__in=entry_hits))
    for e in entries:
        e.changes = _rewrite(e.changes, plain, words) if e.changes else e.changes
        e.changes_text = _rewrite(e.changes_text or "", plain, words)
        e.object_repr = _rewrite(e.object_repr, plain, words)
        e.serialized_data = None
    LogEntry.objects.bulk_update(entries, ["changes", "changes_text", "object_repr", "serialized_data"],
                                 batch_size=500)
    return len(hits) + len(entries)


def _erase_one(student_id: int, why: str, actor: Actor | None) -> tuple[Erasure, dict[str, str]] | None:
    if Erasure.objects.filter(student_id=student_id).exists():
        return None
    school_id = people_privacy.school_id_of(student_id)
    if school_id is None:
        raise Http404
    subject = people_privacy.subject([student_id], already_erased=Erasure.objects.values_list("student_id",
                                                                                                flat=True))
    words = people_privacy.identifiers(subject)
    changed: dict[str, list] = {}
    with disable_auditlog():
        for _label, declared in registry.personal_data():
            for model_label, pks in import_string(declared.erase)(subject).items():
                changed.setdefault(model_label, []).extend(pks)
    _scrub_history(changed, subject.pseudonyms, subject.user_ids)
    erasure = Erasure.objects.create(
        school_id=school_id, student_id=student_id, why=why, by=actor.user if actor else None,
        rows={label: len(pks) for label, pks in sorted(changed.items()) if pks})
    signals.student_erased.send(sender=Erasure, erasure=erasure)
    return erasure, words


@transaction.atomic
def erase_students(student_ids: list[int], *, why: str, actor: Actor | None = None) -> tuple[list[Erasure], int]:
    """Erase what every app holds about each student (and guardians who have no other child still kept), each in a
    savepoint of its own: one that fails (logged) is left for the next run and stops no other. Students erased
    before are skipped. Returns the erasures and the number that failed. Whoever calls checks that they are due or
    asked for."""
    done: list[Erasure] = []
    words: dict[str, str] = {}
    failed = 0
    for student_id in student_ids:
        try:
            with transaction.atomic():
                result = _erase_one(student_id, why, actor)
        except Exception:
            if len(student_ids) == 1:
                raise
            log.exception("erasing student %s failed", student_id)
            failed += 1
            continue
        if result is not None:
            done.append(result[0])
            words.update(result[1])
    if done:
        # access-log rows about the students: their detail goes whole (who read what and when stays)
        _plain(AccessLog.objects.filter(school_id__in={e.school_id for e in done}, object_type__in=STUDENT_OBJECT_TYPES,
                                        object_id__in=[str(e.student_id) for e in done]).exclude(detail={})
               ).update(detail={})
    _scrub_words(words, {e.school_id for e in done})
    return done, failed


def erase_student(*, student_id: int, why: str, actor: Actor | None = None) -> Erasure | None:
    """One student's erasure (an erasure request); None when it was done before."""
    done, _failed = erase_students([student_id], why=why, actor=actor)
    return done[0] if done else None


def _open_holds() -> models.QuerySet:
    return ErasureHold.objects.filter(released_at__isnull=True).values_list("student_id", flat=True)


def due_students(school: School, *, on: dt.date, within_days: int = 0) -> models.QuerySet:
    """Left students of the school whose retention period ends by `on` + within_days, not erased yet (held ones
    included: the page shows them with their hold; the job skips them)."""
    last_left = conf.years_before(on + dt.timedelta(days=within_days), conf.retention_years())
    return people_privacy.departed(school, left_on_or_before=last_left,
                                   exclude=Erasure.objects.values_list("student_id", flat=True))


def purge_access_log(*, today: dt.date | None = None) -> int:
    """Access-log rows older than XINHUO_ACCESS_LOG_YEARS, deleted (every school's)."""
    today = today or timezone.localdate()
    cutoff = conf.years_before(today, conf.access_log_years())
    start = dt.datetime.combine(cutoff, dt.time.min, tzinfo=timezone.get_current_timezone())
    deleted, _by_model = _plain(AccessLog.objects.filter(at__lt=start)).delete()
    return deleted


def retention_run(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: every due student not held is erased, in batches of BATCH (one transaction each, a savepoint
    per student), then the old access log is purged. A second run the same day finds nothing to do."""
    today = today or timezone.localdate()
    erased = failed = 0
    for school in School.objects.order_by("pk"):
        due = list(due_students(school, on=today).exclude(pk__in=_open_holds()).values_list("pk", flat=True))
        for start in range(0, len(due), BATCH):
            done, missed = erase_students(due[start:start + BATCH], why=Erasure.Why.RETENTION)
            erased += len(done)
            failed += missed
    return {"erased": erased, "failed": failed, "access_log_purged": purge_access_log(today=today)}


# --- leaving ---------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def leaving_record(*, actor: Actor, student_no: str, status: str, on: dt.date | None):
    """The director records that a student left (transferred out or graduated) on a day, which starts the retention
    period, or that they are at school after all (the day cleared)."""
    if not actor.can("privacy.manage"):
        raise Http404
    errors: dict[str, Any] = {}
    student = people_privacy.student_by_number(actor.school, student_no or "")
    if student is None:
        errors["student_no"] = _("No student of the school has this student number.")
    elif Erasure.objects.filter(student_id=student.pk).exists():
        errors["student_no"] = _("This student's personal data was erased already.")
    if status not in (*LEFT_STATUSES, people_privacy.AT_SCHOOL):
        errors["status"] = _("Choose transferred out, graduated or still at school.")
    elif status in LEFT_STATUSES:
        today = timezone.localdate()
        if on is None:
            errors["on"] = _("Give the day the student left.")
        elif on > today:
            errors["on"] = _("The day the student left cannot be in the future.")
        elif student is not None and student.enrolment_date and on < student.enrolment_date:
            errors["on"] = _("The student cannot have left before they were enrolled.")
    if errors or student is None:
        raise ValidationError(errors)
    return people_privacy.record_leaving(student, status=status,
                                         on=on if status in LEFT_STATUSES else None)


# --- holds -------------------------------------------------------------------------------------------------------


def _left_student(actor: Actor, student_id: int):
    student = people_selectors.students_of_school(actor.school).filter(pk=student_id).first()
    if student is None or Erasure.objects.filter(student_id=student_id).exists():
        raise Http404
    return student


@audited
@transaction.atomic
def hold_place(*, actor: Actor, student_id: int, reason: str) -> ErasureHold:
    """Keep a left student's data past the period; the reason is required and kept in the change history."""
    if not actor.can("privacy.manage"):
        raise Http404
    student = _left_student(actor, student_id)
    errors: dict[str, Any] = {}
    reason = clean_text(reason, 500, "reason", errors)
    if not reason and "reason" not in errors:
        errors["reason"] = _("Say why the record is kept.")
    if not people_privacy.is_left(student):
        errors["reason"] = _("The student has not left the school: nothing is due for erasure.")
    if ErasureHold.objects.filter(student_id=student_id, released_at__isnull=True).exists():
        errors["reason"] = _("This record is held already.")
    if errors:
        raise ValidationError(errors)
    return ErasureHold.objects.create(school=actor.school, student_id=student_id, reason=reason, held_by=actor.user)


@audited
@transaction.atomic
def hold_release(*, actor: Actor, hold: ErasureHold) -> ErasureHold:
    """End a hold: the next daily run erases the record when it is due."""
    if not actor.can("privacy.manage") or hold.school_id != actor.school.pk:
        raise Http404
    current = ErasureHold.objects.select_for_update().get(pk=hold.pk)
    if current.released_at is not None:
        raise ValidationError(_("This hold was released already."))
    current.released_at = timezone.now()
    current.released_by = actor.user
    current.save(update_fields=["released_at", "released_by"])
    return current


# --- requests ----------------------------------------------------------------------------------------------------

TRANSITIONS = {
    "answer": Transition(frozenset({RequestStatus.OPEN}), RequestStatus.DONE, comment_required=True,
                         why=gettext_lazy("Write the answer the family will read.")),
    "refuse": Transition(frozenset({RequestStatus.OPEN}), RequestStatus.REFUSED, comment_required=True,
                         why=gettext_lazy("Say why the request is refused.")),
}
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=PrivacyRequestStep, subject="request", signal=signals.request_changed,
    can=can, rule="answer_request",
    refused=gettext_lazy("This request is %(status)s: it cannot be answered again."),
    why=gettext_lazy("Write the answer."),
)


@audited
@transaction.atomic
def request_file(*, actor: Actor, student_id: int, kind: str, text: str = "") -> PrivacyRequest:
    """A parent for their child, or a student of 18 or more for themself, asks to see, correct or erase."""
    if not actor.can("privacy.request"):
        raise Http404
    student = people_selectors.students_of_school(actor.school).filter(pk=student_id).first()
    if student is None or not may_file_for(actor, student):
        raise Http404
    errors: dict[str, Any] = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Choose what you ask for.")
    text = clean_text(text, 2000, "text", errors)
    if kind == RequestKind.CORRECTION and not text and "text" not in errors:
        errors["text"] = _("Say what is wrong and what it should be.")
    if not errors and PrivacyRequest.objects.filter(student=student, kind=kind, status=RequestStatus.OPEN).exists():
        errors["kind"] = _("A request of this kind about this student is waiting for an answer already.")
    if errors:
        raise ValidationError(errors)
    request = PrivacyRequest.objects.create(
        school=actor.school, student=student, kind=kind, text=text, filed_by=actor.user,
        due_on=timezone.localdate() + dt.timedelta(days=conf.request_days()))
    record_step(WORKFLOW, actor=actor, obj=request, from_status="", comment="")
    return request


def _retention_duty(student) -> str:
    """Why the school must keep the student's data now, or ""."""
    if not people_privacy.is_left(student):
        return _("The student is still at the school, whose records it must keep: refuse the request with this "
                 "reason, or erase after the student leaves.")
    if ErasureHold.objects.filter(student_id=student.pk, released_at__isnull=True).exists():
        return _("The record is held by the committee: release the hold first, or refuse with its reason.")
    return ""


@audited
def request_answer(*, actor: Actor, request: PrivacyRequest, action: str, comment: str = "") -> PrivacyRequest:
    """The committee answers (for an erasure: erases, when no retention duty applies) or refuses with a reason."""

    def check(current: PrivacyRequest, errors: dict[str, Any]) -> None:
        if action == "answer" and current.kind == RequestKind.ERASURE:
            duty = _retention_duty(current.student)
            if duty:
                errors["comment"] = duty

    def apply(current: PrivacyRequest) -> None:
        current.answer = clean_text(comment, 2000, "comment", {})
        current.answered_at = timezone.now()
        if action == "answer" and current.kind == RequestKind.ERASURE:
            erase_student(student_id=current.student_id, why=Erasure.Why.REQUEST, actor=actor)
            current.text = ""  # cleared in the database by the erasure (privacy.privacy.erase): not saved back

    return apply_transition(WORKFLOW, actor=actor, obj=request, action=action, comment=comment, check=check,
                            apply=apply)
