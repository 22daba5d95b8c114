"""Reads of the elders' welfare (ELD-4): care visits, birthdays, health checks due, recreation events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import Actor

from ..models import CareVisit, Elder, RecreationEvent

YEAR_DAYS = 365
HEALTH_SOON_DAYS = 30
BIRTHDAY_DAYS = 30  # the welfare page's "coming month"
RECENT_VISIT_DAYS = 90


def birthday_in(birth: dt.date, year: int) -> dt.date:
    """The day the birthday is kept in `year`: 29 February falls on 28 February in a common year."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def next_birthday(birth: dt.date, today: dt.date) -> dt.date:
    day = birthday_in(birth, today.year)
    return day if day >= today else birthday_in(birth, today.year + 1)


@dataclass
class Birthday:
    elder: Elder
    on: dt.date
    turns: int
    in_days: int


def upcoming_birthdays(elders, today: dt.date, days: int) -> list[Birthday]:
    """Birthdays from today through `days` days ahead, soonest first, with the age each elder turns."""
    out = []
    for e in elders:
        if not e.birth_date:
            continue
        on = next_birthday(e.birth_date, today)
        if (on - today).days <= days:
            out.append(Birthday(e, on, on.year - e.birth_date.year, (on - today).days))
    return sorted(out, key=lambda b: (b.on, b.elder.name, b.elder.pk))


@dataclass
class HealthCheckDue:
    elder: Elder
    due_on: dt.date | None  # None: never checked
    overdue: bool

    @property
    def never(self) -> bool:
        return self.due_on is None


def health_check_due_on(elder: Elder) -> dt.date | None:
    if elder.last_health_check is None:
        return None
    return elder.last_health_check + dt.timedelta(days=YEAR_DAYS)


def health_checks_due(elders, today: dt.date, within: int = 0) -> list[HealthCheckDue]:
    """Elders never checked, checked more than a year ago, or (with `within`) due within that many days."""
    out = []
    for e in elders:
        due = health_check_due_on(e)
        if due is None or due < today:
            out.append(HealthCheckDue(e, due, True))
        elif due <= today + dt.timedelta(days=within):
            out.append(HealthCheckDue(e, due, False))
    return sorted(out, key=lambda h: (h.due_on is not None, h.due_on or today, h.elder.name, h.elder.pk))


def cared_elders(school) -> QuerySet[Elder]:
    """The elders the committee looks after: all who have not left the team."""
    return Elder.objects.filter(school=school).exclude(status=Elder.Status.LEFT).order_by("name", "pk")


def care_elders(actor: Actor, also=()) -> QuerySet[Elder]:
    """The elders to choose from on the welfare forms; `also` keeps those already chosen who have left since."""
    actor.require("elder_care.view")
    return (Elder.objects.filter(school=actor.school)
            .filter(~Q(status=Elder.Status.LEFT) | Q(pk__in=list(also))).order_by("name", "pk"))


def care_visits(actor: Actor) -> QuerySet[CareVisit]:
    actor.require("elder_care.view")
    return CareVisit.objects.filter(school=actor.school).select_related("elder")


def care_visit_detail(actor: Actor, pk: int) -> CareVisit:
    return get_object_or_404(care_visits(actor), pk=pk)


def planned_visits(school, today: dt.date) -> QuerySet[CareVisit]:
    """Visits planned for today or earlier and not yet made: what the committee should do now."""
    return (CareVisit.objects.filter(school=school, done_on__isnull=True, planned_on__lte=today)
            .select_related("elder").order_by("planned_on", "pk"))


def recreation_events(actor: Actor) -> QuerySet[RecreationEvent]:
    actor.require("elder_care.view")
    return (RecreationEvent.objects.filter(school=actor.school)
            .prefetch_related(Prefetch("participants", Elder.objects.order_by("name", "pk"))))


def recreation_detail(actor: Actor, pk: int) -> RecreationEvent:
    return get_object_or_404(recreation_events(actor), pk=pk)


@dataclass
class CareOverview:
    today: dt.date
    overdue_visits: list
    upcoming_visits: list
    done_visits: list
    birthdays: list[Birthday]
    health_due: list[HealthCheckDue]
    upcoming_events: list
    past_events: list


def care_overview(actor: Actor, today: dt.date | None = None) -> CareOverview:
    """The care page: visits to make (overdue first), visits made lately, birthdays of the coming month,
    health checks due or due within a month, recreation events."""
    today = today or timezone.localdate()
    visits = care_visits(actor)
    planned = list(visits.filter(done_on__isnull=True).order_by("planned_on", "pk"))
    elders = list(care_elders(actor))
    events = recreation_events(actor)
    return CareOverview(
        today=today,
        overdue_visits=[v for v in planned if v.planned_on < today],
        upcoming_visits=[v for v in planned if v.planned_on >= today],
        done_visits=list(visits.filter(done_on__gte=today - dt.timedelta(days=RECENT_VISIT_DAYS))
                         .order_by("-done_on", "-pk")[:30]),
        birthdays=upcoming_birthdays(elders, today, BIRTHDAY_DAYS),
        health_due=health_checks_due(elders, today, HEALTH_SOON_DAYS),
        upcoming_events=list(events.filter(date__gte=today).order_by("date", "pk")),
        past_events=list(events.filter(date__lt=today).order_by("-date", "-pk")[:10]),
    )
