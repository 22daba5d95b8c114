"""Writes of the elders' work: assignments, service hours and mentor contacts.
`service_hours_credit` is how other modules credit hours, once per source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.validators import TEXT_MAX, same_school, too_long

from .. import signals
from ..models import ApprenticeshipContact, ApprenticeshipPair, Assignment, Elder, ElderRole, ServiceRecord, Weekday
from ..rules import can

REASON_MAX = 1000  # why an assignment ends, appended to its note


def _too_long(model, field: str, value: str) -> bool:
    return len(value) > model._meta.get_field(field).max_length


@audited
def assignment_create(
    *,
    actor: Actor,
    elder: Elder,
    role: str,
    need: str,
    need_kind: str = Assignment.NeedKind.TASK,
    weekday: int | None = None,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    note: str = "",
) -> Assignment:
    """Give an active elder a role for a need; the elder hears of it in their inbox."""
    same_school(actor, elder)
    if not can(actor, "assign_elder", elder):
        raise Http404
    need = (need or "").strip()
    start_on = start_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if role not in ElderRole.values:
        errors.setdefault("role", []).append(_("Choose the role the elder is to hold."))
    if need_kind not in Assignment.NeedKind.values:
        errors.setdefault("need_kind", []).append(_("Choose what kind of need this is."))
    if not need:
        errors.setdefault("need", []).append(_("Say what the elder is asked to do."))
    elif _too_long(Assignment, "need", need):
        errors.setdefault("need", []).append(_("The need is too long (at most 200 characters)."))
    if weekday is not None and weekday not in Weekday.values:
        errors.setdefault("weekday", []).append(_("Choose a weekday."))
    note = (note or "").strip()
    if _too_long(Assignment, "note", note):
        errors.setdefault("note", []).append(too_long(TEXT_MAX, note))
    if end_on is not None and end_on < start_on:
        errors.setdefault("end_on", []).append(_("The end date is before the start date."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        if elder.status == Elder.Status.PAUSED:
            raise ValidationError(_("%(name)s has paused their service and cannot be given new work.")
                                   % {"name": elder.name})
        if elder.status == Elder.Status.LEFT:
            raise ValidationError(_("%(name)s has left the team and cannot be given new work.")
                                   % {"name": elder.name})
        duplicate = _("%(name)s already holds this role for this need (an active assignment).") % {
            "name": elder.name}
        if Assignment.objects.filter(elder=elder, role=role, need=need, status=Assignment.Status.ACTIVE).exists():
            raise ValidationError(duplicate)
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    school=actor.school, elder=elder, role=role, need_kind=need_kind, need=need, weekday=weekday,
                    start_on=start_on, end_on=end_on, note=note, assigned_by=actor.user,
                )
        except IntegrityError:  # a concurrent request assigned the same thing first
            raise ValidationError(duplicate) from None
        signals.assignment_changed.send(sender=Assignment, assignment=assignment, action="assigned", actor=actor,
                                        reason="")
    return assignment


@audited
def assignment_end(*, actor: Actor, assignment: Assignment, end_on: dt.date | None = None,
                   reason: str = "") -> Assignment:
    """End an active assignment (today unless said otherwise); it no longer counts in the elder's load.
    An elder stepping down from their own assignment says why, and the committee is told."""
    same_school(actor, assignment)
    if not can(actor, "end_assignment", assignment):
        raise Http404
    stepping_down = not actor.can("elders.manage")
    reason = (reason or "").strip()
    if stepping_down and not reason:
        raise ValidationError({"reason": [_("Say briefly why you step down, so the committee can plan.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [too_long(REASON_MAX, reason)]})
    end_on = end_on or timezone.localdate()
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("elder").get(pk=assignment.pk)
        if assignment.status != Assignment.Status.ACTIVE:
            raise ValidationError(_("This assignment has already ended."))
        if end_on < assignment.start_on:
            raise ValidationError({"end_on": [_("The end date is before the start date.")]})
        assignment.status = Assignment.Status.ENDED
        assignment.end_on = end_on
        if reason:  # kept within the note's limit: the oldest text gives way
            assignment.note = ((assignment.note + "\n" if assignment.note else "") + reason)[-TEXT_MAX:]
        assignment.save(update_fields=["status", "end_on", "note"])
        signals.assignment_changed.send(sender=Assignment, assignment=assignment, actor=actor, reason=reason,
                                        action="stepped_down" if stepping_down else "ended")
    return assignment


def _hours_errors(date, hours, description: str) -> tuple[dict[str, list[str]], Decimal | None]:
    errors: dict[str, list[str]] = {}
    if not isinstance(date, dt.date):
        errors["date"] = [_("Give the date of the service.")]
    elif date > timezone.localdate():
        errors["date"] = [_("The date is in the future: record hours once the service is done.")]
    value: Decimal | None
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, ValueError, TypeError):
        value = None
    if value is None or not value.is_finite():
        errors["hours"] = [_("Give the hours as a number, for example 1.5.")]
        value = None
    elif value < Decimal("0.5") or value > Decimal("24"):
        errors["hours"] = [_("Hours must be between 0.5 and 24.")]
    elif value != value.quantize(Decimal("0.1")):
        errors["hours"] = [_("Hours take at most one decimal, for example 1.5.")]
    if not description:
        errors["description"] = [_("Say what was done.")]
    elif _too_long(ServiceRecord, "description", description):
        errors["description"] = [_("The description is too long (at most 200 characters).")]
    return errors, value


@audited
def service_record_add(
    *,
    actor: Actor,
    elder: Elder,
    date: dt.date,
    hours,
    description: str,
    source: str = ServiceRecord.Source.OTHER,
) -> ServiceRecord:
    """A manager records hours an elder served (for work no other module credits)."""
    same_school(actor, elder)
    if not can(actor, "record_service_hours", elder):
        raise Http404
    description = (description or "").strip()
    errors, value = _hours_errors(date, hours, description)
    if source not in ServiceRecord.Source.values:
        errors["source"] = [_("Choose where the hours come from.")]
    if errors:
        raise ValidationError(errors)
    return ServiceRecord.objects.create(school=elder.school, elder=elder, date=date,
                                         hours=Decimal(str(value)).quantize(Decimal("0.1")), source=source,
                                         description=description, recorded_by=actor.user)


@audited
def service_hours_credit(
    *,
    elder: Elder,
    date: dt.date,
    hours,
    source: str,
    source_ref: str,
    description: str,
    actor: Actor | None = None,
) -> ServiceRecord:
    """Credit hours from another module (an activity, a apprenticeship pair ...) once: a second credit with the same
    source_ref for the same elder is refused, and nothing is written. `source_ref` names the thing credited,
    e.g. "activity:12:signup:40"."""
    if actor is not None:
        same_school(actor, elder)
    description = (description or "").strip()
    source_ref = (source_ref or "").strip()
    errors, value = _hours_errors(date, hours, description)
    if source not in ServiceRecord.Source.values:
        errors["source"] = [_("Choose where the hours come from.")]
    if not source_ref:
        errors["source_ref"] = [_("A credit needs a reference to what it is for, so it is never counted twice.")]
    elif _too_long(ServiceRecord, "source_ref", source_ref):
        errors["source_ref"] = [_("The reference is too long (at most 60 characters).")]
    if errors:
        raise ValidationError(errors)
    duplicate = _("These hours were already credited to %(name)s (%(ref)s); they are not counted twice.") % {
        "name": elder.name, "ref": source_ref}
    if ServiceRecord.objects.filter(elder=elder, source_ref=source_ref).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic():
            return ServiceRecord.objects.create(
                school_id=elder.school_id, elder=elder, date=date, hours=Decimal(str(value)).quantize(Decimal("0.1")),
                source=source, source_ref=source_ref, description=description,
                recorded_by=actor.user if actor else None,
            )
    except IntegrityError:  # credited concurrently
        raise ValidationError(duplicate) from None


@audited
def apprenticeship_contact_record(
    *,
    actor: Actor,
    apprenticeship: ApprenticeshipPair,
    way: str,
    date: dt.date | None = None,
    topic: str = "",
    next_step: str = "",
    hours=None,
) -> ApprenticeshipContact:
    """The mentor (or a manager) notes a contact with the mentee: today unless said otherwise. With hours,
    the time is credited to the mentor's service hours (once per contact)."""
    same_school(actor, apprenticeship)
    if not can(actor, "record_apprenticeship_contact", apprenticeship):
        raise Http404
    today = timezone.localdate()
    date = date or today
    topic, next_step = (topic or "").strip(), (next_step or "").strip()
    errors: dict[str, list[str]] = {}
    if apprenticeship.ended_on is not None:
        raise ValidationError(_("This pair ended on %(date)s: no more contacts can be recorded.")
                               % {"date": apprenticeship.ended_on.isoformat()})
    if way not in ApprenticeshipContact.Way.values:
        errors["way"] = [_("Choose how you were in contact.")]
    if date > today:
        errors["date"] = [_("The date is in the future: record a contact once it has happened.")]
    elif date < apprenticeship.started_on:
        errors["date"] = [_("The date is before the pair started (%(date)s).")
                          % {"date": apprenticeship.started_on.isoformat()}]
    if _too_long(ApprenticeshipContact, "topic", topic):
        errors["topic"] = [_("The topic is too long (at most 200 characters).")]
    if _too_long(ApprenticeshipContact, "next_step", next_step):
        errors["next_step"] = [_("The next step is too long (at most 200 characters).")]
    if hours not in (None, ""):
        hour_errors, _value = _hours_errors(date, hours, "-")
        if "hours" in hour_errors:
            errors["hours"] = hour_errors["hours"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = ApprenticeshipContact.objects.create(apprenticeship=apprenticeship, date=date, way=way, topic=topic,
                                                   next_step=next_step, by=actor.user)
        if hours not in (None, ""):
            what = _("Mentoring %(name)s") % {"name": apprenticeship.mentee_name} + (f"：{topic}" if topic else "")
            service_hours_credit(elder=apprenticeship.mentor, date=date, hours=hours, actor=actor,
                                 source=ServiceRecord.Source.MENTORING,
                                 source_ref=f"apprenticeship-contact:{contact.pk}",
                                 description=what[:200])
    return contact
