"""Reads of the elders' work, scoped to the actor: matching candidates, assignments, service hours, mentor
contacts and the elder's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Notification, SchoolYear

from ..models import (
    ApprenticeshipPair,
    Assignment,
    Availability,
    Award,
    Elder,
    RecreationEvent,
    ServiceRecord,
    TrainingSession,
)
from ..rules import can
from ..selectors import with_load
from ..team.selectors import overdue_apprenticeships


def match_candidates(actor: Actor, weekday: int | None | Literal["all"] = "all") -> QuerySet[Elder]:
    """The school's active elders with what matching and its page read (load, the columns named here, and the
    weekly availability matching reads): two queries in all, one when no weekday is asked. Only those columns:
    the others include encrypted ones (phone, health notes), decrypting them for 150 elders was a fifth of the
    API's time. weekday: the need's (None: availability is not read, so not fetched; a day: only that day's
    slots, all matching looks at, as `slots_that_day`); "all" fetches every slot."""
    actor.require("elders.manage")
    qs = with_load(Elder.objects.filter(school=actor.school, status=Elder.Status.ACTIVE)).only(
        "pk", "school_id", "name", "category", "specialties", "willingness", "max_load", "status",
    ).order_by("name", "pk")
    if weekday is None:
        return qs
    if weekday == "all":
        return qs.prefetch_related("availability")
    # a plain list per elder (to_attr): no related manager and queryset built for each of 150 elders
    return qs.prefetch_related(Prefetch("availability", queryset=Availability.objects.filter(weekday=weekday),
                                        to_attr="slots_that_day"))


def assignments(actor: Actor, *, role: str = "", status: str = "", elder: int | None = None
                ) -> QuerySet[Assignment]:
    """Managers: every assignment of the school; an elder: their own; everyone else: nothing to see (404)."""
    qs = Assignment.objects.filter(school=actor.school).select_related("elder")
    if actor.can("elders.manage"):
        if elder:
            qs = qs.filter(elder_id=elder)
    elif actor.elder_id is not None:
        qs = qs.filter(elder_id=actor.elder_id)
    else:
        raise Http404
    if role:
        qs = qs.filter(role=role)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-start_on", "-pk")


def assignment_detail(actor: Actor, pk: int) -> Assignment:
    return get_object_or_404(assignments(actor), pk=pk)


def hours_elder(actor: Actor, pk: int) -> Elder:
    """The elder whose hours the actor may see: managers any elder of the school, an elder themself."""
    elder = get_object_or_404(Elder.objects.filter(school=actor.school), pk=pk)
    if not can(actor, "view_service_hours", elder):
        raise Http404
    return elder


@dataclass
class PeriodHours:
    name: str
    start: dt.date
    end: dt.date
    hours: Decimal
    current: bool = False


@dataclass
class HoursSummary:
    terms: list[PeriodHours]  # newest first; terms with hours, and the current one
    years: list[PeriodHours]
    outside_terms: Decimal  # hours on dates in no term (holidays, or before the first year was set up)
    this_term: Decimal | None  # None: today is in no term
    this_year: Decimal | None
    total: Decimal
    records: list[ServiceRecord]


def service_hours(elder: Elder, school, today: dt.date | None = None) -> HoursSummary:
    """An elder's hours per term and per school year of the school (a record counts in the term whose dates
    contain it), with this term's and this year's totals. Exact decimals; three queries."""
    today = today or timezone.localdate()
    years = list(SchoolYear.objects.filter(school=school).prefetch_related("terms").order_by("start"))
    records = list(ServiceRecord.objects.filter(elder=elder, school=school).order_by("-date", "-pk"))
    zero = Decimal("0")
    year_rows = [PeriodHours(y.name, y.start, y.end, zero, y.start <= today <= y.end) for y in years]
    term_rows = [PeriodHours(str(t), t.start, t.end, zero, t.start <= today <= t.end)
                 for y in years for t in sorted(y.terms.all(), key=lambda t: t.start)]
    if not any(y.current for y in year_rows):  # today falls between two years: the year marked current
        for row, y in zip(year_rows, years, strict=True):
            row.current = y.is_current
    outside = zero
    for r in records:
        term = next((t for t in term_rows if t.start <= r.date <= t.end), None)
        if term is None:
            outside += r.hours
        else:
            term.hours += r.hours
        year = next((y for y in year_rows if y.start <= r.date <= y.end), None)
        if year is not None:
            year.hours += r.hours
    this_term = next((t.hours for t in term_rows if t.current), None)
    this_year = next((y.hours for y in year_rows if y.current), None)
    return HoursSummary(
        terms=[t for t in reversed(term_rows) if t.hours or t.current],
        years=[y for y in reversed(year_rows) if y.hours or y.current],
        outside_terms=outside, this_term=this_term, this_year=this_year,
        total=sum((r.hours for r in records), zero), records=records,
    )


def contact_apprenticeship(actor: Actor, pk: int) -> ApprenticeshipPair:
    """A pair the actor may record contacts for: its mentor, or a manager; anyone else gets 404."""
    pair = get_object_or_404(
        ApprenticeshipPair.objects.filter(school=actor.school)
        .select_related("mentor", "mentee_elder", "mentee_teacher__staff")
        .annotate(last_contact=Max("contacts__date")), pk=pk)
    if not can(actor, "record_apprenticeship_contact", pair):
        raise Http404
    return pair


def my_mentees(elder: Elder, today: dt.date) -> list[ApprenticeshipPair]:
    """The elder's active pairs as mentor, with the last contact and the overdue flag of the reminders."""
    pairs: list[ApprenticeshipPair] = list(ApprenticeshipPair.objects.filter(mentor=elder, ended_on__isnull=True)
                 .select_related("mentee_elder", "mentee_teacher__staff")
                 .annotate(last_contact=Max("contacts__date")).order_by("started_on", "pk"))
    overdue = {m.pk: m.overdue_days for m in overdue_apprenticeships(elder.school, today)  # type: ignore[attr-defined]
               if m.mentor_id == elder.pk}
    for m in pairs:
        m.overdue_days = overdue.get(m.pk)  # type: ignore[attr-defined]
    return pairs


@dataclass
class ElderHome:
    elder: Elder
    assignments: list[Assignment]
    trainings: list[TrainingSession]
    recreation: list[RecreationEvent]
    mentees: list[ApprenticeshipPair]
    hours: HoursSummary
    awards: list[Award]
    notices: list[Notification]


HOME_UPCOMING = 5


def elder_home(actor: Actor, today: dt.date | None = None) -> ElderHome | None:
    """What an elder sees on their phone; None when the account has no elder record in this school."""
    actor.require("elders.home")
    if actor.elder_id is None:
        return None
    today = today or timezone.localdate()
    elder = Elder.objects.select_related("school").get(pk=actor.elder_id)
    return ElderHome(
        elder=elder,
        assignments=list(Assignment.objects.filter(elder=elder, status=Assignment.Status.ACTIVE)
                         .order_by("start_on", "pk")),
        trainings=list(TrainingSession.objects.filter(attendance__elder=elder, date__gte=today)
                       .order_by("date", "pk")[:HOME_UPCOMING]),
        recreation=list(RecreationEvent.objects.filter(participants=elder, date__gte=today)
                        .order_by("date", "pk")[:HOME_UPCOMING]),
        mentees=my_mentees(elder, today),
        hours=service_hours(elder, elder.school, today),
        awards=list(Award.objects.filter(elder=elder).order_by("-awarded_on", "-pk")),
        notices=list(Notification.objects.filter(recipient=actor.user, school=actor.school)
                     .order_by("-created_at", "-pk")[:HOME_UPCOMING]),
    )
