"""Writes of the activities app (DESIGN.md's workflow pattern): the status changes only here, after checking the
current status and the actor's permission; each change is kept as an ActivityStep and fires activity_changed.
A refusal says why in Chinese and changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.validators import choose_one_of, clean_text
from xinhuo.elders.models import Elder

from . import signals
from .models import Activity, ActivityKind, ActivityStatus, ActivityStep
from .rules import can

S = ActivityStatus
TEXT_MAX = {"title": 100, "objectives": 2000, "audience": 200, "place": 100, "organisers": 200,
            "safety_plan": 4000}
COMMENT_MAX = 2000
SUMMARY_MAX = 10000


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    rule: str
    comment_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({S.APPLIED}), S.APPROVED, "approve_activity"),
    "return": Transition(frozenset({S.APPLIED}), S.RETURNED, "approve_activity", comment_required=True),
    "reject": Transition(frozenset({S.APPLIED}), S.REJECTED, "approve_activity", comment_required=True),
    "resubmit": Transition(frozenset({S.RETURNED}), S.APPLIED, "manage_activity"),
    "start": Transition(frozenset({S.APPROVED}), S.RUNNING, "manage_activity"),
    "summarise": Transition(frozenset({S.RUNNING}), S.SUMMARISED, "manage_activity"),
    "archive": Transition(frozenset({S.SUMMARISED}), S.ARCHIVED, "archive_activity"),
}
EDITABLE = frozenset({S.APPLIED, S.RETURNED})


def _fields(*, title: str, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, budget_request, errors: dict,
            **texts: str) -> dict:
    out: dict = {}
    for name, value in {"title": title, **texts}.items():
        out[name] = clean_text(value, TEXT_MAX[name], name, errors)
    if not out["title"] and "title" not in errors:
        errors["title"] = _("Give the activity a title.")
    if kind not in ActivityKind.values:
        errors["kind"] = choose_one_of(ActivityKind)
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = _("Enter a valid date and time.")
    if not isinstance(ends_at, dt.datetime):
        errors["ends_at"] = _("Enter a valid date and time.")
    elif isinstance(starts_at, dt.datetime) and ends_at <= starts_at:
        errors["ends_at"] = _("The activity must end after it starts.")
    if budget_request in (None, ""):
        budget = None
    else:
        try:
            budget = Decimal(str(budget_request)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            budget = None
            errors["budget_request"] = _("Enter the amount as a number, such as 1200.")
        else:
            if budget < 0 or budget >= Decimal("100000000"):
                errors["budget_request"] = _("Enter an amount from 0 to 99,999,999.99 yuan.")
    return out | {"kind": kind, "starts_at": starts_at, "ends_at": ends_at, "budget_request": budget}


def _elders_of_school(actor: Actor, elders, errors: dict) -> list[Elder]:
    chosen = list(elders or [])
    if any(e.school_id != actor.school.pk for e in chosen):
        errors["elders"] = _("Choose elders of this school.")
    return chosen


def _step(actor: Actor, activity: Activity, from_status: str, comment: str = "") -> ActivityStep:
    step = ActivityStep.objects.create(activity=activity, from_status=from_status, to_status=activity.status,
                                       comment=comment, by=actor.user)
    signals.activity_changed.send(sender=Activity, activity=activity, step=step, actor=actor)
    return step


@transaction.atomic
def activity_apply(*, actor: Actor, title: str, kind: str, starts_at: dt.datetime, ends_at: dt.datetime,
                   objectives: str = "", audience: str = "", place: str = "", organisers: str = "",
                   safety_plan: str = "", budget_request=None, elders=()) -> Activity:
    """申报: a new application, its applicant the organiser."""
    actor.require("activities.apply")
    errors: dict[str, str] = {}
    fields = _fields(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, budget_request=budget_request,
                     errors=errors, objectives=objectives, audience=audience, place=place, organisers=organisers,
                     safety_plan=safety_plan)
    chosen = _elders_of_school(actor, elders, errors)
    if errors:
        raise ValidationError(errors)
    activity = Activity(school=actor.school, organiser=actor.user, status=S.APPLIED, **fields)
    with set_actor(actor.user):
        activity.save()
    activity.elders.set(chosen)
    _step(actor, activity, "")
    return activity


def _locked(actor: Actor, activity: Activity) -> Activity:
    if activity.school_id != actor.school.pk:
        raise Http404
    current = Activity.objects.select_for_update(of=("self",)).filter(pk=activity.pk).first()
    if current is None:
        raise Http404
    return current


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, title: str, kind: str, starts_at: dt.datetime,
                    ends_at: dt.datetime, objectives: str = "", audience: str = "", place: str = "",
                    organisers: str = "", safety_plan: str = "", budget_request=None, elders=()) -> Activity:
    """Change an application while it waits for approval or was returned for changes."""
    actor.require("activities.apply")
    current = _locked(actor, activity)
    if not can(actor, "manage_activity", current):
        raise Http404
    if current.status not in EDITABLE:
        raise ValidationError(_("Only an application waiting for approval or returned for changes can be "
                                "changed."))
    errors: dict[str, str] = {}
    fields = _fields(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, budget_request=budget_request,
                     errors=errors, objectives=objectives, audience=audience, place=place, organisers=organisers,
                     safety_plan=safety_plan)
    chosen = _elders_of_school(actor, elders, errors)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(current, name, value)
    with set_actor(actor.user):
        current.save()
    current.elders.set(chosen)
    return current


@transaction.atomic
def activity_transition(*, actor: Actor, activity: Activity, action: str, comment: str = "",
                        summary: str = "", participants: int | None = None) -> Activity:
    """One step of the workflow (TRANSITIONS); `summary` and `participants` for "summarise"."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Unknown step."))
    current = _locked(actor, activity)
    if not can(actor, transition.rule, current):
        raise Http404
    errors: dict[str, str] = {}
    if current.status not in transition.sources:
        raise ValidationError(_("The activity is %(status)s: this step is not possible now.") % {
            "status": current.get_status_display()})
    if transition.rule == "approve_activity" and current.organiser_id == actor.user.pk:
        raise ValidationError(_("You applied for this activity: another leader approves it."))
    comment = clean_text(comment, COMMENT_MAX, "comment", errors)
    if transition.comment_required and not comment:
        errors["comment"] = _("Say why, so that the organiser knows what to change.")
    if action == "start" and timezone.localdate() < timezone.localtime(current.starts_at).date():
        errors["__all__"] = _("The activity starts on %(date)s: it can be run from that day.") % {
            "date": timezone.localtime(current.starts_at).date().isoformat()}
    if action == "summarise":
        summary = clean_text(summary, SUMMARY_MAX, "summary", errors)
        if not summary and "summary" not in errors:
            errors["summary"] = _("Write what happened: the summary is the activity's record.")
        if participants is None or not isinstance(participants, int) or participants < 0:
            errors["participants"] = _("Enter how many took part (0 or more).")
    if errors:
        raise ValidationError(errors)
    before = current.status
    current.status = transition.target
    if action == "summarise":
        current.summary, current.participants = summary, participants
    with set_actor(actor.user):
        current.save()
    _step(actor, current, before, comment)
    return current
