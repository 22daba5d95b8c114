"""Writes of the elder registry (ELD-1): an elder's record (create, update, the elder's own profile),
weekly availability, the logged reveal of the mobile number, and the Excel import and export (the
workbook itself is workbook.py). Each `<entity>_<action>(*, actor, ...)` checks permission, validates
with a clear Chinese message, and changes nothing when it refuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.crypto import phone_index
from xinhuo.core.services import access_log_record
from xinhuo.core.validators import choose_one_of, clean_mobile, same_school, too_long
from xinhuo.people.models import Gender

from ..models import Availability, Elder, ElderRole, Specialty, Weekday
from ..rules import can
from . import workbook

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
    with acting(actor.user):
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
    same_school(actor, elder)
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
        with acting(actor.user):
            elder.save()
    return elder


def elder_phone_reveal(*, actor: Actor, elder: Elder, request=None) -> str:
    """The full mobile number for the committee, written to the access log; 404 for everyone else."""
    if not can(actor, "reveal_elder_phone", elder):
        raise Http404
    access_log_record(actor, "reveal", "elder", elder.pk, field="phone", request=request, detail={"name": elder.name})
    return elder.phone or ""


def _check_availability_permission(actor: Actor, elder: Elder) -> None:
    same_school(actor, elder)
    if not can(actor, "edit_elder_availability", elder):
        raise Http404


@audited
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


@audited
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
def elder_import(*, actor: Actor, source: workbook.Source, dry_run: bool = False) -> ElderImportOutcome:
    """Check every row of the workbook, then create and update the elders in one transaction, or nothing at
    all when any row has a problem (ElderImportInvalid). With dry_run, only say what it would do."""
    actor.require("elders.manage")
    parsed = workbook.read_workbook(source)
    errors = list(parsed.errors)
    plan = None
    if parsed.layout is not None and parsed.rows:
        plan, plan_errors = workbook.plan_import(parsed.rows, Elder.objects.filter(school=actor.school))
        errors += plan_errors
    errors.sort(key=lambda e: (e.row or 0))
    outcome = ElderImportOutcome(rows=len(parsed.rows), errors=[e.as_dict() for e in errors])
    if errors or plan is None:
        raise ElderImportInvalid(outcome)
    outcome.counts = plan.counts()
    if dry_run:
        return outcome
    with acting(actor.user):
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
    rows = [workbook.elder_values(e, masked=masked) for e in selectors.elder_export_rows(actor, **filters)]
    workbook.write_elders(out, rows)
    detail = {"filters": {k: v for k, v in filters.items() if v}, "count": len(rows), "masked": masked,
              "format": "xlsx"}
    access_log_record(actor, "export", "elder", field="" if masked else "phone", detail=detail, request=request)
    return detail
