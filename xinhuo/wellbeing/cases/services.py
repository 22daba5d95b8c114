"""Writes of the three-party follow-up cases (PSY-2) and referrals (COM-4), DESIGN.md's workflow pattern: a case's
status changes only through core.workflow.apply_transition (the current status, the counsellor's rule, a CaseStep
and case_changed, whose receiver tells the head teachers and the guardians).

open → contacting → supporting → monitoring → closed; support may resume from monitoring; closing takes a summary;
a closed case reopens (→ supporting) with a reason. A student has one live case at a time (a database constraint).
The counsellor adds tasks for a party; the party marks its own done. The family replies; the counsellor answers.
Referrals to an agency are the counsellor's alone. A refusal says why and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.notifications import notify
from xinhuo.core.validators import choose_one_of, clean_text, same_school
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step

from ..models import Alert, Case, CaseMessage, CaseStatus, CaseStep, CaseTask, Party, Referral
from ..rules import can
from ..scales import Risk
from . import (
    receivers,  # noqa: F401 - the notices of the steps connect on import
    selectors,
)
from .signals import case_changed

if TYPE_CHECKING:
    from xinhuo.people.models import Student

S = CaseStatus
LIVE = frozenset({S.OPEN, S.CONTACTING, S.SUPPORTING, S.MONITORING})
NOTES_MAX, REQUEST_MAX, SUMMARY_MAX, TASK_MAX, NOTE_MAX, MESSAGE_MAX = 10000, 1000, 10000, 300, 1000, 2000
AGENCY_MAX, CONSENT_MAX, OUTCOME_MAX = 100, 60, 4000

TRANSITIONS: dict[str, Transition] = {
    "contact": Transition(frozenset({S.OPEN}), S.CONTACTING),
    "support": Transition(frozenset({S.OPEN, S.CONTACTING, S.MONITORING}), S.SUPPORTING),
    "monitor": Transition(frozenset({S.SUPPORTING}), S.MONITORING),
    "close": Transition(LIVE, S.CLOSED),
    "reopen": Transition(frozenset({S.CLOSED}), S.SUPPORTING, comment_required=True,
                         why=gettext_lazy("Say why the case reopens.")),
}
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=CaseStep, subject="case", signal=case_changed, can=can,
    refused=gettext_lazy("The case is %(status)s: this step is not possible now."),
    why=gettext_lazy("Say why."), rule="manage_case")


def _one_live_case() -> str:
    return _("This student already has a follow-up case that is not closed: continue that one.")


@audited
@transaction.atomic
def case_open(*, actor: Actor, student: Student | None = None, alert: Alert | None = None,
              risk: int = Risk.ATTENTION, family_request: str = "", notes: str = "") -> Case:
    """A counsellor opens a follow-up of a student, from an alert or directly; the parties hear of it."""
    actor.require("cases.manage")
    errors: dict = {}
    if alert is not None:
        same_school(actor, alert)
        if student is not None and student.pk != alert.student_id:
            errors["student"] = _("The alert is about another student.")
        student = alert.student
    if student is None:
        errors["student"] = _("Choose the student.")
    else:
        same_school(actor, student)
    if risk not in Risk.values:
        errors["risk"] = choose_one_of(Risk)
    family_request = clean_text(family_request, REQUEST_MAX, "family_request", errors)
    notes = clean_text(notes, NOTES_MAX, "notes", errors)
    if student is not None and "student" not in errors and Case.objects.filter(
            student=student).exclude(status=S.CLOSED).exists():
        errors["student"] = _one_live_case()
    if errors:
        raise ValidationError(errors)
    case = Case(school=actor.school, student=student, alert=alert, counsellor=actor.user, risk=risk,
                family_request=family_request, notes=notes, status=S.OPEN)
    try:
        with transaction.atomic(), acting(actor.user):
            case.save()
    except IntegrityError:  # another counsellor opened one at the same moment
        raise ValidationError({"student": _one_live_case()}) from None
    record_step(WORKFLOW, actor=actor, obj=case, from_status="")
    return case


@audited
def case_step(*, actor: Actor, case: Case, action: str, comment: str = "", summary: str = "") -> Case:
    """Take a step of the case's workflow: closing takes a summary, reopening a reason (the comment)."""

    def check(current: Case, errors: dict) -> None:
        if action == "close":
            text = clean_text(summary, SUMMARY_MAX, "summary", errors)
            if not text and "summary" not in errors:
                errors["summary"] = _("Write the closing summary: what was done and how the student is now.")
        if action == "reopen" and Case.objects.filter(student_id=current.student_id).exclude(
                status=S.CLOSED).exclude(pk=current.pk).exists():
            errors["__all__"] = _one_live_case()

    def apply(current: Case) -> None:
        if action == "close":
            current.summary, current.closed_at = summary.strip(), timezone.now()
        elif action == "reopen":
            current.closed_at = None

    try:
        with transaction.atomic():
            return apply_transition(WORKFLOW, actor=actor, obj=case, action=action, comment=comment, check=check,
                                    apply=apply)
    except IntegrityError:
        raise ValidationError(_one_live_case()) from None


@audited
@transaction.atomic
def case_update(*, actor: Actor, case: Case, notes: str = "", family_request: str = "",
                risk: int = Risk.ATTENTION) -> Case:
    """The counsellor's notes (encrypted), what the school asks of the family and the risk level."""
    same_school(actor, case)
    current = lock(Case, case.pk, school=actor.school)
    if not can(actor, "manage_case", current):
        raise Http404
    errors: dict = {}
    notes = clean_text(notes, NOTES_MAX, "notes", errors)
    family_request = clean_text(family_request, REQUEST_MAX, "family_request", errors)
    if risk not in Risk.values:
        errors["risk"] = choose_one_of(Risk)
    if errors:
        raise ValidationError(errors)
    current.notes, current.family_request, current.risk = notes, family_request, risk
    current.save(update_fields=["notes", "family_request", "risk"])
    return current


# --- tasks ----------------------------------------------------------------------------------------------------------


def _link(case: Case) -> str:
    return reverse("wellbeing:case-detail", args=[case.pk])


@audited
@transaction.atomic
def task_add(*, actor: Actor, case: Case, party: str, text: str, due_on: dt.date | None = None) -> CaseTask:
    """The counsellor gives a party a task; the head teachers or the guardians hear of theirs."""
    same_school(actor, case)
    current = lock(Case, case.pk, school=actor.school)
    if not can(actor, "manage_case", current):
        raise Http404
    errors: dict = {}
    if party not in Party.values:
        errors["party"] = choose_one_of(Party)
    text = clean_text(text, TASK_MAX, "text", errors)
    if not text and "text" not in errors:
        errors["text"] = _("Say what is to be done.")
    if due_on is not None and not isinstance(due_on, dt.date):
        errors["due_on"] = _("Enter a date.")
    if current.status == S.CLOSED:
        errors["__all__"] = _("The case is closed: reopen it to add tasks.")
    if errors:
        raise ValidationError(errors)
    task = CaseTask.objects.create(case=current, party=party, text=text, due_on=due_on, created_by=actor.user)
    told = {str(Party.HEAD_TEACHER): selectors.head_teachers, str(Party.FAMILY): selectors.guardian_users}
    if party in told:
        notify(actor.school, told[party](current.student),
               _("Follow-up for %(student)s: a task for you") % {"student": current.student.name}, text,
               _link(current), exclude=actor.user)
    return task


@audited
@transaction.atomic
def task_done(*, actor: Actor, task: CaseTask, note: str = "") -> CaseTask:
    """The party a task is for (or the counsellor) marks it done, with a note."""
    current = lock(CaseTask.objects.select_related("case__student"), task.pk)
    case = current.case
    party = selectors.party_of(actor, case)
    if party is None or (party != Party.COUNSELLOR and party != current.party):
        raise Http404
    errors: dict = {}
    note = clean_text(note, NOTE_MAX, "note", errors)
    if current.done_at is not None:
        errors["__all__"] = _("This task is already done.")
    if errors:
        raise ValidationError(errors)
    current.done_at, current.done_by, current.done_note = timezone.now(), actor.user, note
    current.save(update_fields=["done_at", "done_by", "done_note"])
    if party != Party.COUNSELLOR:
        notify(actor.school, [case.counsellor],
               _("Follow-up for %(student)s: a task is done") % {"student": case.student.name},
               current.text, _link(case), exclude=actor.user)
    return current


# --- messages between the school and the family --------------------------------------------------------------------


@audited
@transaction.atomic
def message_post(*, actor: Actor, case: Case, text: str) -> CaseMessage:
    """The family replies on its child's case, or the counsellor writes to the family; the other side hears of it."""
    party = selectors.party_of(actor, case)
    if party not in (Party.COUNSELLOR, Party.FAMILY):
        raise Http404
    errors: dict = {}
    text = clean_text(text, MESSAGE_MAX, "text", errors)
    if not text and "text" not in errors:
        errors["text"] = _("Write the message.")
    if errors:
        raise ValidationError(errors)
    message = CaseMessage.objects.create(case=case, party=party, author=actor.user, text=text)
    to = [case.counsellor] if party == Party.FAMILY else selectors.guardian_users(case.student)
    notify(actor.school, to, _("Follow-up for %(student)s: a new message") % {"student": case.student.name}, "",
           _link(case), exclude=actor.user)
    return message


# --- referrals (COM-4) ----------------------------------------------------------------------------------------------


def _referral_fields(*, agency: str, agency_kind: str, consent_by: str, consent_on, referred_on, follow_up_on,
                     outcome: str, errors: dict) -> dict:
    agency = clean_text(agency, AGENCY_MAX, "agency", errors)
    if not agency and "agency" not in errors:
        errors["agency"] = _("Name the agency.")
    if agency_kind not in Referral.AgencyKind.values:
        errors["agency_kind"] = choose_one_of(Referral.AgencyKind)
    consent_by = clean_text(consent_by, CONSENT_MAX, "consent_by", errors)
    if not consent_by and "consent_by" not in errors:
        errors["consent_by"] = _("Say who gave consent to the referral (e.g. the student's mother).")
    today = timezone.localdate()
    for key, value in (("consent_on", consent_on), ("referred_on", referred_on)):
        if not isinstance(value, dt.date):
            errors[key] = _("Enter a date.")
        elif value > today:
            errors[key] = _("The date cannot be in the future.")
    if follow_up_on is not None and not isinstance(follow_up_on, dt.date):
        errors["follow_up_on"] = _("Enter a date.")
    if (isinstance(consent_on, dt.date) and isinstance(referred_on, dt.date) and consent_on > referred_on
            and "referred_on" not in errors):
        errors["referred_on"] = _("A referral is made after the consent is given.")
    if isinstance(follow_up_on, dt.date) and isinstance(referred_on, dt.date) and follow_up_on < referred_on:
        errors["follow_up_on"] = _("The follow-up comes after the referral.")
    outcome = clean_text(outcome, OUTCOME_MAX, "outcome", errors)
    return {"agency": agency, "agency_kind": agency_kind, "consent_by": consent_by, "consent_on": consent_on,
            "referred_on": referred_on, "follow_up_on": follow_up_on, "outcome": outcome}


@audited
@transaction.atomic
def referral_add(*, actor: Actor, case: Case, agency: str, agency_kind: str, consent_by: str, consent_on,
                 referred_on, follow_up_on=None, outcome: str = "") -> Referral:
    """The counsellor records a referral to an agency with the consent it was made on."""
    same_school(actor, case)
    current = lock(Case, case.pk, school=actor.school)
    if not can(actor, "manage_case", current):
        raise Http404
    errors: dict = {}
    fields = _referral_fields(agency=agency, agency_kind=agency_kind, consent_by=consent_by, consent_on=consent_on,
                              referred_on=referred_on, follow_up_on=follow_up_on, outcome=outcome, errors=errors)
    if errors:
        raise ValidationError(errors)
    return Referral.objects.create(school=actor.school, case=current, created_by=actor.user, **fields)


@audited
@transaction.atomic
def referral_update(*, actor: Actor, referral: Referral, outcome: str = "", follow_up_on=None) -> Referral:
    """The outcome of a referral, and the next follow-up, recorded later."""
    same_school(actor, referral)
    current = lock(Referral, referral.pk, school=actor.school)
    if not can(actor, "manage_case", current):
        raise Http404
    errors: dict = {}
    outcome = clean_text(outcome, OUTCOME_MAX, "outcome", errors)
    if follow_up_on is not None and not isinstance(follow_up_on, dt.date):
        errors["follow_up_on"] = _("Enter a date.")
    elif follow_up_on is not None and follow_up_on < current.referred_on:
        errors["follow_up_on"] = _("The follow-up comes after the referral.")
    if errors:
        raise ValidationError(errors)
    current.outcome, current.follow_up_on = outcome, follow_up_on
    current.save(update_fields=["outcome", "follow_up_on"])
    return current
