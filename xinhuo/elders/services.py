"""Writes of the elders app: `<entity>_<action>(*, actor, ...)`, each checking permission,
validating with a clear Chinese message, and changing nothing when it refuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import IO, Any, TypeVar, cast

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core import uploads
from xinhuo.core.access import Actor
from xinhuo.core.crypto import phone_index
from xinhuo.core.models import School
from xinhuo.core.services import access_log_record
from xinhuo.core.validators import choose_one_of, clean_mobile, too_long
from xinhuo.people.models import Gender

from . import registry, signals
from .models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Availability,
    Award,
    CareVisit,
    Elder,
    ElderRole,
    Inspection,
    InspectionPhoto,
    InspectionStep,
    Participation,
    RecreationEvent,
    ResearchProject,
    ServiceRecord,
    Specialty,
    StageStep,
    TrainingAttendance,
    TrainingMaterial,
    TrainingSession,
    Weekday,
    YoungTeacher,
)
from .rules import can

# --- registry (ELD-1) ---------------------------------------------------------------------------
# The elder's record (create, update, the elder's own profile), weekly availability, the logged reveal of
# the mobile number, and the Excel import and export (the workbook itself is registry.py).

PROFILE_FIELDS = ("name", "gender", "category", "former_work", "political_status", "specialties", "willingness",
                  "phone", "birth_date", "joined_on", "status", "max_load")
HEALTH_FIELDS = ("health_notes", "last_health_check")
OWN_FIELDS = ("phone", "specialties", "willingness")  # what an elder changes on their own record
HEALTH_NOTES_MAX = 2000


def _max_length(name: str) -> int:
    return getattr(Elder._meta.get_field(name), "max_length", None) or 0


def _clean_text(key: str, value: Any, errors: dict, *, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str | type(None)) else str(value).strip()
    limit = HEALTH_NOTES_MAX if key == "health_notes" else _max_length(key)
    if required and not text:
        errors[key] = _("This field is required.")
    elif limit and len(text) > limit:
        errors[key] = too_long(limit, text)
    return text


def _clean_codes(key: str, value: Any, choices, errors: dict) -> list[str]:
    if value is None or value == "":
        return []
    items = [value] if isinstance(value, str) else list(value)
    codes = list(dict.fromkeys(str(v) for v in items))
    unknown = [c for c in codes if c not in choices.values]
    if unknown:
        errors[key] = _("Unknown choice: %(codes)s. Choose from: %(allowed)s.") % {
            "codes": ", ".join(unknown), "allowed": "、".join(str(label) for label in choices.labels)}
    return codes


def _clean_date(key: str, value: Any, errors: dict, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors[key] = _("This field is required.")
        return None
    if not isinstance(value, dt.date):
        errors[key] = _("Enter a valid date.")
        return None
    if value > timezone.localdate():
        errors[key] = _("The date cannot be in the future.")
    return value


def _clean_elder_values(actor: Actor, values: dict[str, Any], elder: Elder | None) -> dict[str, Any]:
    """Every given value checked; one ValidationError naming each bad field, before anything is written."""
    errors: dict[str, Any] = {}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("name", "former_work", "health_notes"):
            out[key] = _clean_text(key, value, errors, required=key == "name")
        elif key == "gender":
            out[key] = value
            if value not in Gender.values:
                errors[key] = _("Choose male or female.")
        elif key in ("category", "status", "political_status"):
            choices = {"category": Elder.Category, "status": Elder.Status, "political_status": Elder.Political}[key]
            out[key] = value or ""
            if out[key] not in choices.values and not (key == "political_status" and not out[key]):
                errors[key] = choose_one_of(choices)
        elif key in ("specialties", "willingness"):
            out[key] = _clean_codes(key, value, Specialty if key == "specialties" else ElderRole, errors)
        elif key == "phone":
            try:
                out[key] = clean_mobile(value or "")
            except ValidationError as exc:
                errors[key] = exc.messages
        elif key in ("birth_date", "last_health_check", "joined_on"):
            out[key] = _clean_date(key, value, errors, required=key == "joined_on")
        elif key == "max_load":
            out[key] = value
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
                errors[key] = _("Enter a number from 1 to 20.")
    birth = out.get("birth_date", elder.birth_date if elder else None)
    joined = out.get("joined_on", elder.joined_on if elder else None)
    if birth and joined and joined <= birth and "joined_on" not in errors and "birth_date" not in errors:
        errors["joined_on" if "joined_on" in out else "birth_date"] = _(
            "The joining date must be after the birth date.")
    if out.get("phone") and "phone" not in errors:
        taken = Elder.objects.filter(school=actor.school, phone_index=phone_index(out["phone"]))
        other = (taken.exclude(pk=elder.pk) if elder else taken).first()
        if other is not None:
            errors["phone"] = (_("%(name)s, another elder of this school, already has this mobile number.")
                               % {"name": other.name} if actor.can("elders.manage")
                               else _("Another elder of this school already has this mobile number."))
    if errors:
        raise ValidationError(errors)
    return out


def _check_health_fields(actor: Actor, values: dict[str, Any], elder: Elder | None) -> None:
    given = [k for k in HEALTH_FIELDS if k in values]
    allowed = can(actor, "view_elder_health", elder) if elder else actor.can("elders.health")
    if given and not allowed:
        raise ValidationError({k: _("Only the committee's director and leaders record health information.")
                               for k in given})


@transaction.atomic
def elder_create(*, actor: Actor, **values: Any) -> Elder:
    """A new elder of the actor's school (the committee). Health notes only from the director and leaders."""
    actor.require("elders.manage")
    unknown = set(values) - set(PROFILE_FIELDS) - set(HEALTH_FIELDS)
    if unknown:
        raise ValueError(f"unknown elder fields: {sorted(unknown)}")
    _check_health_fields(actor, values, None)
    for key in ("name", "gender", "category"):
        values.setdefault(key, "")
    values.setdefault("joined_on", timezone.localdate())
    cleaned = _clean_elder_values(actor, values, None)
    elder = Elder(school=actor.school, **cleaned)
    with set_actor(actor.user):
        elder.save()
    return elder


def _same(current: Any, new: Any) -> bool:
    if isinstance(new, str) or current is None and new == "":
        return (current or "") == new
    if isinstance(new, list):
        return list(current or []) == new
    return current == new


@transaction.atomic
def elder_update(*, actor: Actor, elder: Elder, **changes: Any) -> Elder:
    """Change the given fields. The committee changes everything (health information: the director and
    leaders only); an elder changes their own mobile number, specialties and willingness."""
    if elder.school_id != actor.school.pk:
        raise Http404
    if can(actor, "edit_elder", elder):
        allowed: tuple[str, ...] = PROFILE_FIELDS + (HEALTH_FIELDS if can(actor, "view_elder_health", elder) else ())
    elif can(actor, "edit_own_profile", elder):
        allowed = OWN_FIELDS
    else:
        raise Http404
    _check_health_fields(actor, changes, elder)
    refused = [k for k in changes if k not in allowed]
    if refused:
        raise ValidationError({k: _("You can change only your mobile number, specialties and willingness.")
                               for k in refused})
    elder = Elder.objects.select_for_update().get(pk=elder.pk)
    cleaned = _clean_elder_values(actor, changes, elder)
    changed = {k: v for k, v in cleaned.items() if not _same(getattr(elder, k), v)}
    if changed:
        for key, value in changed.items():
            setattr(elder, key, value)
        with set_actor(actor.user):
            elder.save()
    return elder


def elder_phone_reveal(*, actor: Actor, elder: Elder, request=None) -> str:
    """The full mobile number for the committee, written to the access log; 404 for everyone else."""
    if not can(actor, "reveal_elder_phone", elder):
        raise Http404
    access_log_record(actor, "reveal", "elder", elder.pk, field="phone", request=request, detail={"name": elder.name})
    return elder.phone or ""


def _check_availability_permission(actor: Actor, elder: Elder) -> None:
    if elder.school_id != actor.school.pk or not can(actor, "edit_elder_availability", elder):
        raise Http404


@transaction.atomic
def availability_add(*, actor: Actor, elder: Elder, weekday: int, start: dt.time, end: dt.time) -> Availability:
    """A weekly slot; refused when it ends before it starts or overlaps another slot of the elder that day."""
    _check_availability_permission(actor, elder)
    errors: dict[str, str] = {}
    if weekday not in Weekday.values:
        errors["weekday"] = _("Choose a day of the week.")
    if start is None:
        errors["start"] = _("This field is required.")
    if end is None:
        errors["end"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    if end <= start:
        raise ValidationError({"end": _("The end time must be after the start time.")})
    Elder.objects.select_for_update().filter(pk=elder.pk).exists()  # one writer per elder: no overlap can slip in
    clash = (Availability.objects.filter(elder=elder, weekday=weekday, start__lt=end, end__gt=start)
             .order_by("start").first())
    if clash is not None:
        raise ValidationError(_("This time overlaps %(slot)s, already in the weekly availability: change the times "
                                "or remove that slot first.") % {"slot": str(clash)})
    return Availability.objects.create(elder=elder, weekday=weekday, start=start, end=end)


@transaction.atomic
def availability_remove(*, actor: Actor, slot: Availability) -> None:
    _check_availability_permission(actor, slot.elder)
    slot.delete()


@dataclass
class ElderImportOutcome:
    rows: int = 0
    errors: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # created, updated, unchanged
    applied: bool = False


class ElderImportInvalid(ValidationError):
    """The workbook has problems; nothing was written. `outcome.errors` lists them by row and column."""

    def __init__(self, outcome: ElderImportOutcome):
        self.outcome = outcome
        super().__init__([e["message"] for e in outcome.errors[:20]] or ["invalid workbook"], code="elders_invalid")


@transaction.atomic
def elder_import(*, actor: Actor, source: registry.Source, dry_run: bool = False) -> ElderImportOutcome:
    """Check every row of the workbook, then create and update the elders in one transaction, or nothing at
    all when any row has a problem (ElderImportInvalid). With dry_run, only say what it would do."""
    actor.require("elders.manage")
    parsed = registry.read_workbook(source)
    errors = list(parsed.errors)
    plan = None
    if parsed.layout is not None and parsed.rows:
        plan, plan_errors = registry.plan_import(parsed.rows, Elder.objects.filter(school=actor.school))
        errors += plan_errors
    errors.sort(key=lambda e: (e.row or 0))
    outcome = ElderImportOutcome(rows=len(parsed.rows), errors=[e.as_dict() for e in errors])
    if errors or plan is None:
        raise ElderImportInvalid(outcome)
    outcome.counts = plan.counts()
    if dry_run:
        return outcome
    with set_actor(actor.user):
        for values in plan.creates:
            Elder(school=actor.school, **{k: v for k, v in values.items() if k != "row"}).save()
        for elder, changes in plan.updates:
            for key, value in changes.items():
                setattr(elder, key, value)
            elder.save()
    outcome.applied = True
    return outcome


def elder_export(*, actor: Actor, out: IO[bytes], full: bool = False, request=None, **filters: str) -> dict:
    """The registry list (with the list's filters) as a workbook in the import template's format, logged.
    Mobile numbers are masked unless `full` (the committee; the access log says so)."""
    from . import selectors

    actor.require("elders.manage")
    masked = not full
    rows = [registry.elder_values(e, masked=masked) for e in selectors.elder_export_rows(actor, **filters)]
    registry.write_elders(out, rows)
    detail = {"filters": {k: v for k, v in filters.items() if v}, "count": len(rows), "masked": masked,
              "format": "xlsx"}
    access_log_record(actor, "export", "elder", field="" if masked else "phone", detail=detail, request=request)
    return detail


# --- work: assignments, service hours, mentor contacts ------------------------------------------


def _same_school(actor: Actor, obj) -> None:
    if obj.school_id != actor.school.pk:
        raise Http404


def _too_long(model, field: str, value: str) -> bool:
    return len(value) > model._meta.get_field(field).max_length


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
    _same_school(actor, elder)
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
                    start_on=start_on, end_on=end_on, note=note.strip(), assigned_by=actor.user,
                )
        except IntegrityError:  # a concurrent request assigned the same thing first
            raise ValidationError(duplicate) from None
        signals.assignment_changed.send(sender=Assignment, assignment=assignment, action="assigned", actor=actor,
                                        reason="")
    return assignment


def assignment_end(*, actor: Actor, assignment: Assignment, end_on: dt.date | None = None,
                   reason: str = "") -> Assignment:
    """End an active assignment (today unless said otherwise); it no longer counts in the elder's load.
    An elder stepping down from their own assignment says why, and the committee is told."""
    _same_school(actor, assignment)
    if not can(actor, "end_assignment", assignment):
        raise Http404
    stepping_down = not actor.can("elders.manage")
    reason = reason.strip()
    if stepping_down and not reason:
        raise ValidationError({"reason": [_("Say briefly why you step down, so the committee can plan.")]})
    end_on = end_on or timezone.localdate()
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update(of=("self",)).select_related("elder").get(pk=assignment.pk)
        if assignment.status != Assignment.Status.ACTIVE:
            raise ValidationError(_("This assignment has already ended."))
        if end_on < assignment.start_on:
            raise ValidationError({"end_on": [_("The end date is before the start date.")]})
        assignment.status = Assignment.Status.ENDED
        assignment.end_on = end_on
        if reason:
            assignment.note = (assignment.note + "\n" if assignment.note else "") + reason
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
    _same_school(actor, elder)
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
        _same_school(actor, elder)
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
    _same_school(actor, apprenticeship)
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


# --- care: inspections, training, care visits, recreation, reminders ----------------------------

INSPECTION_MAX_PHOTOS = 10
TRAINING_MAX_FILES = 10
COMMENT_MAX = 2000
PLAN_AHEAD_DAYS = 366  # a planned visit or event further ahead than a year is most likely a typing error

# The follow-up of an inspection report: which step may follow which. "following" may follow itself:
# each step of the follow-up is written down with its comment. A closed report stays closed.
INSPECTION_NEXT: dict[str, frozenset[str]] = {
    Inspection.Status.OPEN: frozenset({Inspection.Status.FOLLOWING}),
    Inspection.Status.FOLLOWING: frozenset({Inspection.Status.FOLLOWING, Inspection.Status.CLOSED}),
    Inspection.Status.CLOSED: frozenset(),
}


def _care_add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _care_text(errors: dict, model, field: str, value: str, *, required: str | None = None) -> str:
    """Strip a text; a required one must be there; none may be longer than its column."""
    value = (value or "").strip()
    if required and not value:
        _care_add(errors, field, required)
    limit = model._meta.get_field(field).max_length or COMMENT_MAX
    if len(value) > limit:
        _care_add(errors, field, _("At most %(n)d characters.") % {"n": limit})
    return value


def _care_manager(actor: Actor) -> None:
    """Care for the elders and training are the committee's: others get a 404."""
    if not actor.can("elders.manage"):
        raise Http404


def _care_same_school(actor: Actor, obj) -> None:
    if obj.school_id != actor.school.pk:
        raise Http404


def _care_delete_files(names: list[str], storage) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone; the refusal itself matters more than a leftover
            continue


def _care_not_future(errors: dict, field: str, day: dt.date | None, message: str) -> None:
    if day is not None and day > timezone.localdate():
        _care_add(errors, field, message)


# inspections


def inspection_file(
    *,
    actor: Actor,
    kind: str,
    place: str,
    date: dt.date | None,
    findings: str,
    severity: str = Inspection.Severity.LOW,
    photos: Iterable = (),
    inspector: Elder | None = None,
) -> Inspection:
    """A volunteer inspector's report (义务监督员), with photos. An inspector files as themself; the
    committee files for an inspector of its choice. Every photo is checked before anything is written."""
    if not can(actor, "file_inspection"):
        raise Http404
    errors: dict[str, list[str]] = {}
    if actor.can("elders.manage"):
        if inspector is None and actor.elder_id is not None:
            inspector = Elder.objects.filter(pk=actor.elder_id).first()
        if inspector is None:
            _care_add(errors, "inspector", _("Choose the inspector who made the report."))
        elif inspector.school_id != actor.school.pk or not Assignment.objects.filter(
                elder=inspector, school=actor.school, role=ElderRole.INSPECTOR,
                status=Assignment.Status.ACTIVE).exists():
            _care_add(errors, "inspector", _("%(name)s does not hold the role of volunteer inspector.")
                      % {"name": inspector.name})
    else:
        # the rule let them in: they hold the inspector role, so they have an elder record here
        inspector = Elder.objects.get(pk=actor.elder_id, school=actor.school)  # type: ignore[misc]
    if kind not in Inspection.Kind.values:
        _care_add(errors, "kind", _("Choose what was inspected."))
    if severity not in Inspection.Severity.values:
        _care_add(errors, "severity", _("Choose how serious it is."))
    place = _care_text(errors, Inspection, "place", place, required=_("Say where the inspection was."))
    findings = (findings or "").strip()
    if not findings:
        _care_add(errors, "findings", _("Describe what was found."))
    elif len(findings) > 5000:
        _care_add(errors, "findings", _("At most %(n)d characters.") % {"n": 5000})
    if date is None:
        _care_add(errors, "date", _("Give the date of the inspection."))
    _care_not_future(errors, "date", date, _("The inspection date cannot be in the future."))
    checked: list[uploads.CheckedFile] = []
    try:
        checked = uploads.check_images(list(photos), max_count=INSPECTION_MAX_PHOTOS)
    except ValidationError as exc:
        errors.setdefault("photos", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    assert inspector is not None and date is not None
    saved: list[str] = []
    storage = InspectionPhoto._meta.get_field("image").storage  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            report = Inspection.objects.create(
                school=actor.school, inspector=inspector, kind=kind, place=place, date=date, findings=findings,
                severity=severity, created_by=actor.user)
            first = InspectionStep.objects.create(inspection=report, status=Inspection.Status.OPEN, by=actor.user)
            for c in checked:
                photo = InspectionPhoto(inspection=report)
                photo.image.save(c.content.name, c.content, save=False)
                saved.append(photo.image.name)
                photo.save()
            signals.inspection_changed.send(sender=Inspection, inspection=report, step=first, actor=actor, filed=True)
    except BaseException:
        _care_delete_files(saved, storage)
        raise
    return report


def inspection_step(*, actor: Actor, inspection: Inspection, status: str, comment: str = ""
                    ) -> InspectionStep:
    """The committee moves a report on: open → being followed up (as often as there is news) → closed.
    Closing says what was done; a closed report is never reopened. The inspector hears of each step."""
    _care_same_school(actor, inspection)
    if not can(actor, "follow_up_inspection", inspection):
        raise Http404
    comment = (comment or "").strip()
    S = Inspection.Status
    with transaction.atomic():
        report = (Inspection.objects.select_for_update(of=("self",)).select_related("inspector__user", "school")
                  .get(pk=inspection.pk))
        errors: dict[str, list[str]] = {}
        if report.status == S.CLOSED:
            raise ValidationError(_("This report is closed and cannot be reopened. If the problem has come "
                                        "back, file a new report."))
        if status not in S.values:
            _care_add(errors, "status", _("Choose the next step."))
        elif status not in INSPECTION_NEXT[report.status]:
            if status == S.CLOSED:
                _care_add(errors, "status", _("Follow the report up before closing it."))
            else:
                _care_add(errors, "status", _("The report is already at this step."))
        if status == S.CLOSED and not comment:
            _care_add(errors, "comment", _("Say what was done before closing the report."))
        elif status == S.FOLLOWING and report.status == S.FOLLOWING and not comment:
            _care_add(errors, "comment", _("Say what was done in this step of the follow-up."))
        if len(comment) > COMMENT_MAX:
            _care_add(errors, "comment", _("At most %(n)d characters.") % {"n": COMMENT_MAX})
        if errors:
            raise ValidationError(errors)
        step = InspectionStep.objects.create(inspection=report, status=status, comment=comment, by=actor.user)
        if report.status != status:
            report.status = status
            report.save(update_fields=["status"])
        signals.inspection_changed.send(sender=Inspection, inspection=report, step=step, actor=actor, filed=False)
    inspection.status = report.status
    return step


# training (ELD-3)


def _training_clean(actor: Actor, *, kind: str, topic: str, role: str, date: dt.date | None, place: str,
                    speaker: str, hours, materials: str, files) -> tuple[dict, list]:
    errors: dict[str, list[str]] = {}
    if kind not in TrainingSession.Kind.values:
        _care_add(errors, "kind", _("Choose the kind of session."))
    role = role or ""
    if role and role not in ElderRole.values:
        _care_add(errors, "role", _("Choose one of the elders' roles."))
    elif kind == TrainingSession.Kind.INDUCTION and not role:
        _care_add(errors, "role", _("An induction prepares for a role: choose it."))
    values: dict = {
        "kind": kind, "role": role,
        "topic": _care_text(errors, TrainingSession, "topic", topic, required=_("Give the topic.")),
        "place": _care_text(errors, TrainingSession, "place", place),
        "speaker": _care_text(errors, TrainingSession, "speaker", speaker),
        "materials": (materials or "").strip()[:10000],
        "date": date,
    }
    if date is None:
        _care_add(errors, "date", _("Give the date of the session."))
    try:
        values["hours"] = Decimal(str(hours)).quantize(Decimal("0.1"))
        if not Decimal("0.5") <= values["hours"] <= Decimal("100"):
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        _care_add(errors, "hours", _("Hours: a number from 0.5 to 100."))
    checked: list[uploads.CheckedFile] = []
    files = [f for f in files if f]
    if len(files) > TRAINING_MAX_FILES:
        _care_add(errors, "files", _("At most %(n)d files at a time.") % {"n": TRAINING_MAX_FILES})
    else:
        for f in files:
            try:
                checked.append(uploads.check_file(f))
            except ValidationError as exc:
                errors.setdefault("files", []).extend(exc.messages)
    return {"values": values, "errors": errors}, checked


def _training_attach(session: TrainingSession, checked: list, saved: list[str]) -> None:
    for c in checked:
        material = TrainingMaterial(session=session, title=c.original_name[:100])
        material.file.save(c.content.name, c.content, save=False)
        saved.append(material.file.name)
        material.save()


def _training_write(actor: Actor, session: TrainingSession | None, fields: dict) -> TrainingSession:
    cleaned, checked = _training_clean(actor, **fields)
    errors, values = cleaned["errors"], cleaned["values"]
    if (session is not None and not errors and values["date"] > timezone.localdate()
            and session.attendance.filter(present=True).exists()):
        _care_add(errors, "date", _("Elders are already marked present at this session: it cannot move to a "
                                      "day after today."))
    if errors:
        raise ValidationError(errors)
    saved: list[str] = []
    storage = TrainingMaterial._meta.get_field("file").storage  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            if session is None:
                session = TrainingSession.objects.create(school=actor.school, **values)
            else:
                session = TrainingSession.objects.select_for_update().get(pk=session.pk)
                for k, v in values.items():
                    setattr(session, k, v)
                session.save()
            _training_attach(session, checked, saved)
    except BaseException:
        _care_delete_files(saved, storage)
        raise
    return session


def training_session_create(*, actor: Actor, kind: str, topic: str, date: dt.date | None, role: str = "",
                            place: str = "", speaker: str = "", hours=Decimal("2"), materials: str = "",
                            files: Iterable = ()) -> TrainingSession:
    """A study, induction, rotation or external training session, with its uploaded materials."""
    actor.require("training.view")
    _care_manager(actor)
    return _training_write(actor, None, {"kind": kind, "topic": topic, "role": role, "date": date, "place": place,
                                         "speaker": speaker, "hours": hours, "materials": materials,
                                         "files": list(files)})


def training_session_update(*, actor: Actor, session: TrainingSession, kind: str, topic: str,
                            date: dt.date | None, role: str = "", place: str = "", speaker: str = "",
                            hours=Decimal("2"), materials: str = "", files: Iterable = ()
                            ) -> TrainingSession:
    """Change a session; new files are added to its materials."""
    _care_same_school(actor, session)
    if not can(actor, "manage_training", session):
        raise Http404
    return _training_write(actor, session, {"kind": kind, "topic": topic, "role": role, "date": date,
                                            "place": place, "speaker": speaker, "hours": hours,
                                            "materials": materials, "files": list(files)})


def training_file_remove(*, actor: Actor, material: TrainingMaterial) -> None:
    session = material.session
    _care_same_school(actor, session)
    if not can(actor, "manage_training", session):
        raise Http404
    name, storage = material.file.name, material.file.storage
    with transaction.atomic():
        material.delete()
        transaction.on_commit(lambda: _care_delete_files([name], storage))


def training_attendance_set(*, actor: Actor, session: TrainingSession, present: Iterable[int],
                            absent: Iterable[int] = ()) -> dict[str, int]:
    """The session's list: elders in `present` attended, those in `absent` were expected but did not
    come (before the session: are invited); every other elder is taken off the list."""
    _care_same_school(actor, session)
    if not can(actor, "manage_training", session):
        raise Http404
    present_ids, absent_ids = {int(p) for p in present}, {int(a) for a in absent}
    errors: list[str] = []
    if present_ids & absent_ids:
        errors.append(_("An elder cannot be both present and absent."))
    wanted = present_ids | absent_ids
    known = set(Elder.objects.filter(school=actor.school, pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        errors.append(_("Some of the chosen elders are not in this school's team."))
    if present_ids and session.date > timezone.localdate():
        errors.append(_("The session is on %(date)s: elders can be marked present from that day on. Until "
                          "then, tick who is invited.") % {"date": session.date.isoformat()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rows = {a.elder_id: a for a in TrainingAttendance.objects.select_for_update().filter(session=session)}
        removed = [a.pk for elder_id, a in rows.items() if elder_id not in wanted]
        TrainingAttendance.objects.filter(pk__in=removed).delete()
        changed = [a for elder_id, a in rows.items() if elder_id in wanted and a.present != (elder_id in present_ids)]
        for a in changed:
            a.present = a.elder_id in present_ids
        TrainingAttendance.objects.bulk_update(changed, ["present"])
        TrainingAttendance.objects.bulk_create([
            TrainingAttendance(session=session, elder_id=e, present=e in present_ids)
            for e in sorted(wanted - rows.keys())])
    return {"present": len(present_ids), "absent": len(absent_ids), "removed": len(removed)}


# care for the elders (ELD-4)


def elder_health_check_record(*, actor: Actor, elder: Elder, date: dt.date | None) -> Elder:
    """The date of the elder's latest yearly health check; the next one is due a year later."""
    _care_same_school(actor, elder)
    if not can(actor, "manage_elder_care", elder):
        raise Http404
    errors: dict[str, list[str]] = {}
    if date is None:
        _care_add(errors, "date", _("Give the date of the health check."))
    _care_not_future(errors, "date", date, _("The health check date cannot be in the future."))
    if date is not None and elder.birth_date and date < elder.birth_date:
        _care_add(errors, "date", _("The date is before the elder's birth date."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), set_actor(actor.user):
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        elder.last_health_check = date
        elder.save(update_fields=["last_health_check"])
    return elder


def _visit_clean(actor: Actor, *, elder, kind: str, planned_on, visitors: str, notes: str, done_on=None
                 ) -> dict:
    errors: dict[str, list[str]] = {}
    if elder is None or elder.school_id != actor.school.pk:
        _care_add(errors, "elder", _("Choose an elder of this school's team."))
    if kind not in CareVisit.Kind.values:
        _care_add(errors, "kind", _("Choose the kind of visit."))
    if planned_on is None:
        _care_add(errors, "planned_on", _("Give the day the visit is planned for."))
    elif planned_on > timezone.localdate() + dt.timedelta(days=PLAN_AHEAD_DAYS):
        _care_add(errors, "planned_on", _("The day is more than a year ahead; check it."))
    _care_not_future(errors, "done_on", done_on, _("A visit cannot be done on a day still to come."))
    values = {"elder": elder, "kind": kind, "planned_on": planned_on, "done_on": done_on,
              "visitors": _care_text(errors, CareVisit, "visitors", visitors),
              "notes": (notes or "").strip()[:5000]}
    if errors:
        raise ValidationError(errors)
    return values


def care_visit_create(*, actor: Actor, elder: Elder | None, planned_on: dt.date | None,
                      kind: str = CareVisit.Kind.VISIT, visitors: str = "", notes: str = "",
                      done_on: dt.date | None = None) -> CareVisit:
    """Plan a visit to an elder (走访慰问); with `done_on`, record one already made."""
    actor.require("elder_care.view")
    _care_manager(actor)
    values = _visit_clean(actor, elder=elder, kind=kind, planned_on=planned_on, visitors=visitors, notes=notes,
                          done_on=done_on)
    return CareVisit.objects.create(school=actor.school, created_by=actor.user, **values)


def care_visit_update(*, actor: Actor, visit: CareVisit, elder: Elder | None,
                      planned_on: dt.date | None, kind: str, visitors: str = "", notes: str = "") -> CareVisit:
    _care_same_school(actor, visit)
    if not can(actor, "manage_elder_care", visit):
        raise Http404
    values = _visit_clean(actor, elder=elder, kind=kind, planned_on=planned_on, visitors=visitors, notes=notes,
                          done_on=visit.done_on)
    with transaction.atomic():
        visit = CareVisit.objects.select_for_update().get(pk=visit.pk)
        for k, v in values.items():
            setattr(visit, k, v)
        visit.save()
    return visit


def care_visit_done(*, actor: Actor, visit: CareVisit, done_on: dt.date | None, visitors: str = "",
                    notes: str = "") -> CareVisit:
    """Record that a planned visit was made: when (today or before), who went, what was found."""
    _care_same_school(actor, visit)
    if not can(actor, "manage_elder_care", visit):
        raise Http404
    errors: dict[str, list[str]] = {}
    if done_on is None:
        _care_add(errors, "done_on", _("Give the day of the visit."))
    _care_not_future(errors, "done_on", done_on, _("A visit cannot be done on a day still to come."))
    visitors = _care_text(errors, CareVisit, "visitors", visitors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = CareVisit.objects.select_for_update().get(pk=visit.pk)
        visit.done_on, visit.visitors, visit.notes = done_on, visitors, (notes or "").strip()[:5000]
        visit.save(update_fields=["done_on", "visitors", "notes"])
    return visit


def _recreation_clean(actor: Actor, *, title: str, date, place: str, notes: str, participants) -> dict:
    errors: dict[str, list[str]] = {}
    values = {
        "title": _care_text(errors, RecreationEvent, "title", title, required=_("Give the event a title.")),
        "place": _care_text(errors, RecreationEvent, "place", place),
        "notes": (notes or "").strip()[:5000],
        "date": date,
    }
    if date is None:
        _care_add(errors, "date", _("Give the date of the event."))
    elif date > timezone.localdate() + dt.timedelta(days=PLAN_AHEAD_DAYS):
        _care_add(errors, "date", _("The day is more than a year ahead; check it."))
    people = list(participants)
    if any(p.school_id != actor.school.pk for p in people):
        _care_add(errors, "participants", _("Some of the chosen elders are not in this school's team."))
    if errors:
        raise ValidationError(errors)
    return {"values": values, "participants": people}


def recreation_event_create(*, actor: Actor, title: str, date: dt.date | None, place: str = "",
                            notes: str = "", participants: Iterable = ()) -> RecreationEvent:
    """Recreation for the elders: chess, singing, a calligraphy show, a health talk."""
    actor.require("elder_care.view")
    _care_manager(actor)
    cleaned = _recreation_clean(actor, title=title, date=date, place=place, notes=notes, participants=participants)
    with transaction.atomic():
        event = RecreationEvent.objects.create(school=actor.school, **cleaned["values"])
        event.participants.set(cleaned["participants"])
    return event


def recreation_event_update(*, actor: Actor, event: RecreationEvent, title: str, date: dt.date | None,
                            place: str = "", notes: str = "", participants: Iterable = ()
                            ) -> RecreationEvent:
    _care_same_school(actor, event)
    if not can(actor, "manage_elder_care", event):
        raise Http404
    cleaned = _recreation_clean(actor, title=title, date=date, place=place, notes=notes, participants=participants)
    with transaction.atomic():
        event = RecreationEvent.objects.select_for_update().get(pk=event.pk)
        for k, v in cleaned["values"].items():
            setattr(event, k, v)
        event.save()
        event.participants.set(cleaned["participants"])
    return event


# --- team: apprenticeship pairs, young teachers, research projects, awards -------------------------------


TEAM_TEXT_MAX = 2000
CITATION_MAX = 300  # what fits the certificate at a readable size
AWARD_DAYS_AHEAD = 90  # a certificate may be prepared before the ceremony, not a year before
CERTIFICATE_PREFIX = "XH"


TeamService = TypeVar("TeamService", bound=Callable[..., Any])


def _team_audited(fn: TeamService) -> TeamService:
    """The change history (django-auditlog) names the acting user, also for token-authenticated API calls,
    which the audit middleware does not see."""

    @wraps(fn)
    def wrapper(*args, actor: Actor, **kwargs):
        with set_actor(actor.user):
            return fn(*args, actor=actor, **kwargs)

    return cast(TeamService, wrapper)


def _team_require(actor: Actor, rule: str, obj=None) -> None:
    if not can(actor, rule, obj):
        raise Http404


def _team_same_school(actor: Actor, *objs) -> None:
    """What belongs to another school does not exist for this actor."""
    for obj in objs:
        if obj is not None and obj.school_id != actor.school.pk:
            raise Http404


def _team_text(errors: dict, field: str, value: str | None, *, limit: int, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = required
    elif len(value) > limit:
        errors[field] = _("At most %(n)d characters.") % {"n": limit}
    return value


def _team_past_date(errors: dict, field: str, value: dt.date | None, *, required: bool = True) -> None:
    if value is None:
        if required:
            errors[field] = _("Enter a date.")
    elif value > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _team_check(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


@_team_audited
@transaction.atomic
def apprenticeship_create(
    *, actor: Actor, kind: str, mentor: Elder, mentee_elder: Elder | None = None,
    mentee_teacher: YoungTeacher | None = None, started_on: dt.date | None = None, goals: str = "",
    contact_every_days: int = 30,
) -> ApprenticeshipPair:
    """A new pair: a senior elder and a new elder (传帮带), or an elder and a young teacher (青年导师制).
    Refused: a pair that already exists and has not ended, an elder mentoring themself, a mentor who is
    paused or has left, a mentee elder who has left, a young teacher no longer in the reserve."""
    _team_require(actor, "create_apprenticeship")
    _team_same_school(actor, mentor, mentee_elder, mentee_teacher)
    errors: dict = {}
    if kind == ApprenticeshipPair.Kind.NEW_ELDER:
        mentee_teacher = None
        if mentee_elder is None:
            errors["mentee_elder"] = _("Choose the new elder to be mentored.")
    elif kind == ApprenticeshipPair.Kind.YOUNG_TEACHER:
        mentee_elder = None
        if mentee_teacher is None:
            errors["mentee_teacher"] = _("Choose the young teacher to be mentored.")
    else:
        errors["kind"] = _("Choose the kind of pair.")
    _team_check(errors)
    # the mentor's row is locked: two requests creating the same pair at once queue here
    mentor = Elder.objects.select_for_update().get(pk=mentor.pk)
    if mentor.status != Elder.Status.ACTIVE:
        errors["mentor"] = _(
            "%(name)s is %(status)s: only an active elder can be a mentor. Set the elder active again first."
        ) % {"name": mentor.name, "status": mentor.get_status_display()}
    mentee_name = ""
    if mentee_elder is not None:
        mentee_elder = Elder.objects.get(pk=mentee_elder.pk)
        mentee_name = mentee_elder.name
        if mentee_elder.pk == mentor.pk:
            errors["mentee_elder"] = _("An elder cannot be their own mentor: choose two different "
                                                     "elders.")
        elif mentee_elder.status == Elder.Status.LEFT:
            errors["mentee_elder"] = _("%(name)s has left the committee.") % {"name": mentee_elder.name}
    if mentee_teacher is not None:
        mentee_teacher = YoungTeacher.objects.select_related("staff").get(pk=mentee_teacher.pk)
        mentee_name = mentee_teacher.staff.name
        if not mentee_teacher.active:
            errors["mentee_teacher"] = _(
                "%(name)s is no longer in the young teacher reserve.") % {"name": mentee_name}
    started_on = started_on or timezone.localdate()
    _team_past_date(errors, "started_on", started_on)
    if not 1 <= (contact_every_days or 0) <= 365:
        errors["contact_every_days"] = _("Between 1 and 365 days.")
    goals = _team_text(errors, "goals", goals, limit=TEAM_TEXT_MAX)
    _team_check(errors)
    existing = ApprenticeshipPair.objects.filter(mentor=mentor, mentee_elder=mentee_elder,
                                                 mentee_teacher=mentee_teacher,
                                            ended_on__isnull=True).first()
    duplicate = _(
        "%(mentor)s already mentors %(mentee)s (since %(date)s). End that pair before starting a new one.")
    if existing is not None:
        raise ValidationError(duplicate % {"mentor": mentor.name, "mentee": mentee_name,
                                                    "date": existing.started_on.isoformat()})
    try:
        with transaction.atomic():
            pair = ApprenticeshipPair.objects.create(
                school=actor.school, kind=kind, mentor=mentor, mentee_elder=mentee_elder,
                mentee_teacher=mentee_teacher, started_on=started_on, goals=goals,
                contact_every_days=contact_every_days)
    except IntegrityError:  # created by someone else a moment ago
        raise ValidationError(duplicate % {"mentor": mentor.name, "mentee": mentee_name,
                                                    "date": started_on.isoformat()}) from None
    signals.apprenticeship_changed.send(sender=ApprenticeshipPair, apprenticeship=pair, action="started", actor=actor)
    return pair


@_team_audited
@transaction.atomic
def apprenticeship_end(*, actor: Actor, apprenticeship: ApprenticeshipPair, summary: str,
                   ended_on: dt.date | None = None) -> ApprenticeshipPair:
    """End a pair with a summary of what it achieved (required)."""
    _team_require(actor, "end_apprenticeship", apprenticeship)
    pair = ApprenticeshipPair.objects.select_for_update().get(pk=apprenticeship.pk)
    if pair.ended_on is not None:
        raise ValidationError(_("This pair already ended on %(date)s.")
                                       % {"date": pair.ended_on.isoformat()})
    errors: dict = {}
    summary = _team_text(errors, "summary", summary, limit=TEAM_TEXT_MAX,
                         required=_("Write a short summary of what the pair achieved."))
    ended_on = ended_on or timezone.localdate()
    _team_past_date(errors, "ended_on", ended_on)
    if "ended_on" not in errors and ended_on < pair.started_on:
        errors["ended_on"] = _("The pair started on %(date)s; it cannot end before that.") % {
            "date": pair.started_on.isoformat()}
    _team_check(errors)
    pair.ended_on, pair.summary = ended_on, summary
    pair.save(update_fields=["ended_on", "summary"])
    apprenticeship.ended_on, apprenticeship.summary = ended_on, summary
    signals.apprenticeship_changed.send(sender=ApprenticeshipPair, apprenticeship=pair, action="ended", actor=actor)
    return pair


@_team_audited
@transaction.atomic
def young_teacher_add(*, actor: Actor, staff, joined_on: dt.date | None = None,
                      goals: str = "") -> YoungTeacher:
    """Add a staff member to the young teacher reserve, at the first stage of the roadmap."""
    _team_require(actor, "add_young_teacher")
    _team_same_school(actor, staff)
    errors: dict = {}
    if not staff.active:
        errors["staff"] = _("%(name)s is no longer in post.") % {"name": staff.name}
    existing = YoungTeacher.objects.filter(staff=staff).first()
    if existing is not None and not existing.active:
        errors["staff"] = _("%(name)s left the reserve; bring them back from their page, where their record "
                            "is kept.") % {"name": staff.name}
    elif existing is not None:
        errors["staff"] = _("%(name)s is already in the young teacher reserve (since %(date)s).") % {
            "name": staff.name, "date": existing.joined_on.isoformat()}
    joined_on = joined_on or timezone.localdate()
    _team_past_date(errors, "joined_on", joined_on)
    goals = _team_text(errors, "goals", goals, limit=TEAM_TEXT_MAX)
    _team_check(errors)
    try:
        with transaction.atomic():
            yt = YoungTeacher.objects.create(school=actor.school, staff=staff, joined_on=joined_on, goals=goals,
                                                stage=YoungTeacher.Stage.LEARNING)
    except IntegrityError:
        raise ValidationError({"staff": _(
            "%(name)s is already in the young teacher reserve (since %(date)s).") % {
            "name": staff.name, "date": joined_on.isoformat()}}) from None
    StageStep.objects.create(young_teacher=yt, stage=yt.stage, reached_on=joined_on, by=actor.user)
    return yt


@_team_audited
@transaction.atomic
def young_teacher_set_active(*, actor: Actor, young_teacher: YoungTeacher, active: bool) -> YoungTeacher:
    """Take a young teacher out of the reserve, or bring them back; their record and history are kept.
    Leaving while an elder still mentors them is refused: the pair is ended first, with its summary."""
    _team_require(actor, "set_young_teacher_stage", young_teacher)
    yt = YoungTeacher.objects.select_for_update(of=("self",)).select_related("staff").get(pk=young_teacher.pk)
    if yt.active == active:
        raise ValidationError(_("%(name)s is already in the reserve.") % {"name": yt.staff.name} if active
                              else _("%(name)s has already left the reserve.") % {"name": yt.staff.name})
    if not active and ApprenticeshipPair.objects.filter(mentee_teacher=yt, ended_on__isnull=True).exists():
        raise ValidationError(_("%(name)s still has a mentor: end the pair with its summary first.")
                              % {"name": yt.staff.name})
    if active and not yt.staff.active:
        raise ValidationError(_("%(name)s is no longer in post.") % {"name": yt.staff.name})
    yt.active = active
    yt.save(update_fields=["active"])
    young_teacher.active = active
    return yt


@_team_audited
@transaction.atomic
def young_teacher_set_stage(*, actor: Actor, young_teacher: YoungTeacher, stage: str,
                            reached_on: dt.date | None = None, note: str = "") -> StageStep:
    """Move a young teacher to another stage of the growth roadmap; the step is kept in the history."""
    _team_require(actor, "set_young_teacher_stage", young_teacher)
    yt = YoungTeacher.objects.select_for_update(of=("self",)).select_related("staff").get(pk=young_teacher.pk)
    errors: dict = {}
    if stage not in YoungTeacher.Stage.values:
        errors["stage"] = _("Choose a stage of the roadmap.")
    elif stage == yt.stage:
        errors["stage"] = _("%(name)s is already at the stage “%(stage)s”.") % {
            "name": yt.staff.name, "stage": yt.get_stage_display()}
    if not yt.active:
        errors["stage"] = _("%(name)s is no longer in the young teacher reserve.") % {
            "name": yt.staff.name}
    reached_on = reached_on or timezone.localdate()
    _team_past_date(errors, "reached_on", reached_on)
    last = yt.stage_steps.order_by("-reached_on", "-pk").first()
    if "reached_on" not in errors:
        if reached_on < yt.joined_on:
            errors["reached_on"] = _("%(name)s joined the reserve on %(date)s; a stage cannot be "
                                                   "reached before that.") % {"name": yt.staff.name,
                                                                               "date": yt.joined_on.isoformat()}
        elif last is not None and reached_on < last.reached_on:
            errors["reached_on"] = _("The previous stage was reached on %(date)s; the new one cannot "
                                                   "be earlier.") % {"date": last.reached_on.isoformat()}
    note = _team_text(errors, "note", note, limit=200)
    _team_check(errors)
    step = StageStep.objects.create(young_teacher=yt, stage=stage, reached_on=reached_on, note=note,
                                       by=actor.user)
    yt.stage = stage
    yt.save(update_fields=["stage"])
    young_teacher.stage = stage
    return step


@_team_audited
@transaction.atomic
def participation_record(*, actor: Actor, young_teacher: YoungTeacher, date: dt.date | None, kind: str,
                         description: str, hours=0) -> Participation:
    """A record of what a young teacher did in the committee's work (the appraisal export lists them).
    The committee records for anyone in the reserve, a young teacher for themself."""
    _team_require(actor, "record_participation", young_teacher)
    errors: dict = {}
    if not young_teacher.active:
        errors["__all__"] = _("%(name)s is no longer in the young teacher reserve.") % {
            "name": young_teacher.staff.name}
    _team_past_date(errors, "date", date)
    if kind not in Participation.Kind.values:
        errors["kind"] = _("Choose what kind of work it was.")
    description = _team_text(errors, "description", description, limit=200,
                             required=_("Say what the young teacher did."))
    try:
        amount = Decimal(str(hours if hours not in (None, "") else 0))
    except InvalidOperation:
        amount = Decimal("-1")
    if not amount.is_finite() or not Decimal(0) <= amount <= Decimal(24):
        errors["hours"] = _("Hours are between 0 and 24.")
    elif amount != amount.quantize(Decimal("0.1")):
        errors["hours"] = _("Hours have at most one decimal, for example 1.5.")
    _team_check(errors)
    assert date is not None
    return Participation.objects.create(young_teacher=young_teacher, date=date, kind=kind,
                                           description=description, hours=amount, recorded_by=actor.user)


def _project_values(actor: Actor, errors: dict, *, title: str, leader: YoungTeacher | None, members,
                    advisors, level: str, started_on: dt.date | None, due_on: dt.date | None, status: str,
                    outcomes: str) -> dict:
    members, advisors = list(members or []), list(advisors or [])
    _team_same_school(actor, leader, *members, *advisors)
    values: dict[str, object] = {
        "title": _team_text(errors, "title", title, limit=200, required=_("Enter the title.")),
        "level": _team_text(errors, "level", level, limit=30),
        "outcomes": _team_text(errors, "outcomes", outcomes, limit=5000),
    }
    if leader is None:
        errors["leader"] = _("Choose the leader, a young teacher of the reserve.")
    elif not leader.active:
        errors["leader"] = _("%(name)s is no longer in the young teacher reserve.") % {
            "name": leader.staff.name}
    gone = [m.staff.name for m in members if not m.active]
    if gone:
        errors["members"] = _("No longer in the young teacher reserve: %(names)s.") % {
            "names": "、".join(gone)}
    if started_on is None:
        errors["started_on"] = _("Enter a date.")
    elif due_on is not None and due_on < started_on:
        errors["due_on"] = _("The due date cannot be before the start date.")
    if status not in ResearchProject.Status.values:
        errors["status"] = _("Choose a status.")
    values.update(leader=leader, started_on=started_on, due_on=due_on, status=status)
    # the leader is named as leader, not again among the members
    return {**values, "members": [m for m in members if leader is None or m.pk != leader.pk], "advisors": advisors}


@_team_audited
@transaction.atomic
def research_project_create(
    *, actor: Actor, title: str, leader: YoungTeacher | None, started_on: dt.date | None,
    members=(), advisors=(), level: str = "", due_on: dt.date | None = None,
    status: str = ResearchProject.Status.PLANNED, outcomes: str = "",
) -> ResearchProject:
    """A research project (课题) of young teachers, with elders as advisors."""
    actor.require("elders.manage")
    errors: dict = {}
    values = _project_values(actor, errors, title=title, leader=leader, members=members, advisors=advisors,
                             level=level, started_on=started_on, due_on=due_on, status=status, outcomes=outcomes)
    _team_check(errors)
    members, advisors = values.pop("members"), values.pop("advisors")
    project = ResearchProject.objects.create(school=actor.school, **values)
    project.members.set(members)
    project.advisors.set(advisors)
    return project


@_team_audited
@transaction.atomic
def research_project_update(
    *, actor: Actor, project: ResearchProject, title: str, leader: YoungTeacher | None,
    started_on: dt.date | None, members=(), advisors=(), level: str = "", due_on: dt.date | None = None,
    status: str = ResearchProject.Status.PLANNED, outcomes: str = "",
) -> ResearchProject:
    """The committee edits everything of a project."""
    _team_require(actor, "edit_project", project)
    errors: dict = {}
    leader_changed = leader is not None and leader.pk != project.leader_id
    values = _project_values(actor, errors, title=title, leader=leader, members=members, advisors=advisors,
                             level=level, started_on=started_on, due_on=due_on, status=status, outcomes=outcomes)
    if not leader_changed and "leader" in errors and leader is not None:
        del errors["leader"]  # a leader who left the reserve since may stay the leader of their project
    _team_check(errors)
    members, advisors = values.pop("members"), values.pop("advisors")
    for name, value in values.items():
        setattr(project, name, value)
    project.save()
    project.members.set(members)
    project.advisors.set(advisors)
    return project


@_team_audited
@transaction.atomic
def research_project_record_outcomes(*, actor: Actor, project: ResearchProject,
                                     outcomes: str) -> ResearchProject:
    """The project's leader (or the committee) keeps its outcomes up to date: papers, lessons, awards."""
    _team_require(actor, "edit_project_outcomes", project)
    errors: dict = {}
    outcomes = _team_text(errors, "outcomes", outcomes, limit=5000)
    _team_check(errors)
    project.outcomes = outcomes
    project.save(update_fields=["outcomes"])
    return project


def _next_certificate_no(school, year: int) -> str:
    """XH2026-007: the school's awards of that year are numbered 001, 002, … in the order they are made."""
    prefix = f"{CERTIFICATE_PREFIX}{year}-"
    taken = Award.objects.filter(school=school, certificate_no__startswith=prefix).values_list(
        "certificate_no", flat=True)
    numbers = [int(n[len(prefix):]) for n in taken if n[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


@_team_audited
@transaction.atomic
def award_create(
    *, actor: Actor, elder: Elder, title: str, level: str, awarded_on: dt.date | None, issuer: str,
    citation: str = "", on_wall: bool = True,
) -> Award:
    """An award to an elder, with the next certificate number of the school and year (XH2026-007)."""
    _team_require(actor, "create_award")
    _team_same_school(actor, elder)
    errors: dict = {}
    title = _team_text(errors, "title", title, limit=100,
                       required=_("Enter the award, for example 优秀五老."))
    issuer = _team_text(errors, "issuer", issuer, limit=100,
                        required=_("Enter who gives the award, for example 学校关工委."))
    citation = _team_text(errors, "citation", citation, limit=CITATION_MAX)
    if level not in Award.Level.values:
        errors["level"] = _("Choose the level of the award.")
    if awarded_on is None:
        errors["awarded_on"] = _("Enter a date.")
    elif awarded_on > timezone.localdate() + dt.timedelta(days=AWARD_DAYS_AHEAD):
        errors["awarded_on"] = _("The date is more than %(n)d days ahead; check it.") % {
            "n": AWARD_DAYS_AHEAD}
    _team_check(errors)
    assert awarded_on is not None
    # the school's row is locked so that two awards made at once cannot take the same number
    school = School.objects.select_for_update().get(pk=actor.school.pk)
    award = None
    for _attempt in range(3):
        number = _next_certificate_no(school, awarded_on.year)
        try:
            with transaction.atomic():
                award = Award.objects.create(
                    school=school, elder=elder, title=title, level=level, awarded_on=awarded_on, issuer=issuer,
                    citation=citation, certificate_no=number, on_wall=on_wall, created_by=actor.user)
            break
        except IntegrityError:  # a database without row locks (SQLite) raced us to the number: take the next
            continue
    if award is None:
        raise ValidationError(_("The certificate number could not be given; try again."))
    signals.award_given.send(sender=Award, award=award, actor=actor)
    return award


@_team_audited
@transaction.atomic
def award_set_on_wall(*, actor: Actor, award: Award, on_wall: bool) -> Award:
    """Show an award on the honour wall, or take it off."""
    _team_require(actor, "edit_award", award)
    award.on_wall = bool(on_wall)
    award.save(update_fields=["on_wall"])
    return award

