"""Writes of the growth part: the entries of a student's growth record (STU-1), written by staff or, once per
source, by another module (activities, clubs, selections)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting
from xinhuo.core.db import lock
from xinhuo.core.validators import choose_one_of, clean_decimal, clean_text, same_school

from ..models import GrowthEntry, GrowthKind
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student

GROWTH_TITLE_MAX = 120
GROWTH_DETAIL_MAX = 2000
GROWTH_HOURS_MAX = Decimal(1000)
SOURCE_REF_MAX = 60


def _growth_fields(*, kind: str, on, title: str, detail: str, hours, errors: dict) -> dict:
    if kind not in GrowthKind.values:
        errors["kind"] = choose_one_of(GrowthKind)
    if not isinstance(on, dt.date):
        errors["on"] = _("Enter a valid date.")
    elif on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    title = clean_text(title, GROWTH_TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the entry a title.")
    detail = clean_text(detail, GROWTH_DETAIL_MAX, "detail", errors)
    hours = clean_decimal(hours, "0.1", "hours", _("Enter the hours as a number, such as 1.5."), errors)
    if kind == GrowthKind.SERVICE and "hours" not in errors:
        if hours is None or hours <= 0:
            errors["hours"] = _("Service hours need the number of hours, more than 0.")
        elif hours > GROWTH_HOURS_MAX:
            errors["hours"] = _("At most %(n)d hours in one entry.") % {"n": GROWTH_HOURS_MAX}
    elif kind in GrowthKind.values and hours is not None and "hours" not in errors:
        errors["hours"] = _("Hours are only for service entries: leave them empty.")
    return {"kind": kind, "on": on, "title": title, "detail": detail, "hours": hours}


@transaction.atomic
def growth_entry_add(*, actor: Actor, student: Student, kind: str, on: dt.date, title: str, detail: str = "",
                     hours=None, internal: bool | None = None) -> GrowthEntry:
    """An entry of a student's growth record (the committee, counsellors, the student's head teacher). A
    moral-education note is internal (staff only) unless said otherwise; the family never sees internal entries."""
    actor.require("growth.record")
    same_school(actor, student)
    if not can(actor, "record_growth", student):
        raise Http404
    errors: dict[str, str] = {}
    fields = _growth_fields(kind=kind, on=on, title=title, detail=detail, hours=hours, errors=errors)
    if errors:
        raise ValidationError(errors)
    if internal is None:
        internal = kind == GrowthKind.MORAL_NOTE
    entry = GrowthEntry(school=actor.school, student=student, internal=bool(internal), recorded_by=actor.user,
                        **fields)
    with acting(actor.user):
        entry.save()
    return entry


@transaction.atomic
def growth_entry_update(*, actor: Actor, entry: GrowthEntry, kind: str, on: dt.date, title: str, detail: str = "",
                        hours=None, internal: bool = False) -> GrowthEntry:
    """Correct an entry (rules.edit_growth_entry); the change history keeps what it said before."""
    actor.require("growth.record")
    same_school(actor, entry)
    current = lock(GrowthEntry.objects.select_related("student"), entry.pk)
    if not can(actor, "edit_growth_entry", current):
        raise Http404
    errors: dict[str, str] = {}
    fields = _growth_fields(kind=kind, on=on, title=title, detail=detail, hours=hours, errors=errors)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(current, name, value)
    current.internal = bool(internal)
    with acting(actor.user):
        current.save()
    return current


def growth_entry_add_from_source(*, student: Student, kind: str, on: dt.date, title: str, hours=None,
                                 source_ref: str) -> GrowthEntry:
    """An entry written by another module (activities, honour selections, clubs: an award, an activity attended,
    service hours), visible to the family. `source_ref` names the source record (for example
    "activity:12:attendance:34"): the same source adds one entry only, however often it is called — the existing
    entry is returned unchanged."""
    errors: dict[str, str] = {}
    source_ref = (source_ref or "").strip()
    if not source_ref or len(source_ref) > SOURCE_REF_MAX:
        errors["source_ref"] = _("The source reference is needed, at most %(n)d characters.") % {
            "n": SOURCE_REF_MAX}
    fields = _growth_fields(kind=kind, on=on, title=title, detail="", hours=hours, errors=errors)
    if errors:
        raise ValidationError(errors)
    existing = GrowthEntry.objects.filter(student=student, source_ref=source_ref).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return GrowthEntry.objects.create(school_id=student.school_id, student=student, internal=False,
                                              source_ref=source_ref, **fields)
    except IntegrityError:  # the same source, added at the same moment by another request
        return GrowthEntry.objects.get(student=student, source_ref=source_ref)
