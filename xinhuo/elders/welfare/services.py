"""Writes of the elders' welfare (ELD-4): care visits, health check dates, recreation events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.validators import of_school, same_school

from ..common import add_error, clean_text, committee_only, not_future
from ..models import CareVisit, Elder, RecreationEvent
from ..rules import can

PLAN_AHEAD_DAYS = 366  # a planned visit or event further ahead than a year is most likely a typing error


def elder_health_check_record(*, actor: Actor, elder: Elder, date: dt.date | None) -> Elder:
    """The date of the elder's latest yearly health check; the next one is due a year later."""
    same_school(actor, elder)
    if not can(actor, "manage_elder_care", elder):
        raise Http404
    errors: dict[str, list[str]] = {}
    if date is None:
        add_error(errors, "date", _("Give the date of the health check."))
    not_future(errors, "date", date, _("The health check date cannot be in the future."))
    if date is not None and elder.birth_date and date < elder.birth_date:
        add_error(errors, "date", _("The date is before the elder's birth date."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting(actor.user):
        elder = Elder.objects.select_for_update().get(pk=elder.pk)
        elder.last_health_check = date
        elder.save(update_fields=["last_health_check"])
    return elder


def _visit_clean(actor: Actor, *, elder, kind: str, planned_on, visitors: str, notes: str, done_on=None
                 ) -> dict:
    errors: dict[str, list[str]] = {}
    if elder is None or not of_school(actor, elder):
        add_error(errors, "elder", _("Choose an elder of this school's team."))
    if kind not in CareVisit.Kind.values:
        add_error(errors, "kind", _("Choose the kind of visit."))
    if planned_on is None:
        add_error(errors, "planned_on", _("Give the day the visit is planned for."))
    elif planned_on > timezone.localdate() + dt.timedelta(days=PLAN_AHEAD_DAYS):
        add_error(errors, "planned_on", _("The day is more than a year ahead; check it."))
    not_future(errors, "done_on", done_on, _("A visit cannot be done on a day still to come."))
    values = {"elder": elder, "kind": kind, "planned_on": planned_on, "done_on": done_on,
              "visitors": clean_text(errors, CareVisit, "visitors", visitors),
              "notes": clean_text(errors, CareVisit, "notes", notes)}  # refused when too long, not cut
    if errors:
        raise ValidationError(errors)
    return values


@audited
def care_visit_create(*, actor: Actor, elder: Elder | None, planned_on: dt.date | None,
                      kind: str = CareVisit.Kind.VISIT, visitors: str = "", notes: str = "",
                      done_on: dt.date | None = None) -> CareVisit:
    """Plan a visit to an elder (走访慰问); with `done_on`, record one already made."""
    actor.require("elder_care.view")
    committee_only(actor)
    values = _visit_clean(actor, elder=elder, kind=kind, planned_on=planned_on, visitors=visitors, notes=notes,
                          done_on=done_on)
    return CareVisit.objects.create(school=actor.school, created_by=actor.user, **values)


@audited
def care_visit_update(*, actor: Actor, visit: CareVisit, elder: Elder | None,
                      planned_on: dt.date | None, kind: str, visitors: str = "", notes: str = "") -> CareVisit:
    same_school(actor, visit)
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


@audited
def care_visit_done(*, actor: Actor, visit: CareVisit, done_on: dt.date | None, visitors: str = "",
                    notes: str = "") -> CareVisit:
    """Record that a planned visit was made: when (today or before), who went, what was found."""
    same_school(actor, visit)
    if not can(actor, "manage_elder_care", visit):
        raise Http404
    errors: dict[str, list[str]] = {}
    if done_on is None:
        add_error(errors, "done_on", _("Give the day of the visit."))
    not_future(errors, "done_on", done_on, _("A visit cannot be done on a day still to come."))
    visitors = clean_text(errors, CareVisit, "visitors", visitors)
    notes = clean_text(errors, CareVisit, "notes", notes)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = CareVisit.objects.select_for_update().get(pk=visit.pk)
        visit.done_on, visit.visitors, visit.notes = done_on, visitors, notes
        visit.save(update_fields=["done_on", "visitors", "notes"])
    return visit


def _recreation_clean(actor: Actor, *, title: str, date, place: str, notes: str, participants) -> dict:
    errors: dict[str, list[str]] = {}
    values = {
        "title": clean_text(errors, RecreationEvent, "title", title, required=_("Give the event a title.")),
        "place": clean_text(errors, RecreationEvent, "place", place),
        "notes": clean_text(errors, RecreationEvent, "notes", notes),
        "date": date,
    }
    if date is None:
        add_error(errors, "date", _("Give the date of the event."))
    elif date > timezone.localdate() + dt.timedelta(days=PLAN_AHEAD_DAYS):
        add_error(errors, "date", _("The day is more than a year ahead; check it."))
    people = list(participants)
    if not of_school(actor, *people):
        add_error(errors, "participants", _("Some of the chosen elders are not in this school's team."))
    if errors:
        raise ValidationError(errors)
    return {"values": values, "participants": people}


@audited
def recreation_event_create(*, actor: Actor, title: str, date: dt.date | None, place: str = "",
                            notes: str = "", participants: Iterable = ()) -> RecreationEvent:
    """Recreation for the elders: chess, singing, a calligraphy show, a health talk."""
    actor.require("elder_care.view")
    committee_only(actor)
    cleaned = _recreation_clean(actor, title=title, date=date, place=place, notes=notes, participants=participants)
    with transaction.atomic():
        event = RecreationEvent.objects.create(school=actor.school, **cleaned["values"])
        event.participants.set(cleaned["participants"])
    return event


@audited
def recreation_event_update(*, actor: Actor, event: RecreationEvent, title: str, date: dt.date | None,
                            place: str = "", notes: str = "", participants: Iterable = ()
                            ) -> RecreationEvent:
    same_school(actor, event)
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
