"""Reads of the elders' work, scoped to the actor: matching candidates, assignments, service hours, mentor
contacts and the elder's home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.care.mentoring import selectors as mentoring_selectors
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


# --- every pair an elder is in: one page for both kinds (issue 20) ---------------------------------------------

STUDENT = "student"  # a mentoring pair with a student (the care app), beside ApprenticeshipPair.Kind's values


@dataclass
class MyPair:
    """One pair the elder is in, whatever its kind: the other person, when the next contact is due."""

    kind: str  # STUDENT, or ApprenticeshipPair.Kind (new_elder, young_teacher)
    as_mentor: bool  # False: the elder is the new elder, mentored by a senior one
    pk: int
    name: str
    detail: str  # the student's class, the young teacher's subject
    started_on: dt.date
    contact_every_days: int
    last_contact: dt.date | None
    due_on: dt.date
    overdue_days: int
    row: object  # the pair itself (care's MentoringPair or an ApprenticeshipPair)

    @property
    def kind_label(self) -> str:
        from django.utils.translation import gettext as _

        if self.kind == STUDENT:
            return _("Student mentee")
        if not self.as_mentor:
            return _("My mentor (senior elder)")
        if self.kind == ApprenticeshipPair.Kind.NEW_ELDER:
            return _("New elder")
        return _("Young teacher")


@dataclass
class MyPairs:
    rows: list[MyPair]  # overdue first, then by the day the next contact is due
    to_summarise: list  # care's pairs ended without a closing summary

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue_days)


def _due(started_on: dt.date, last: dt.date | None, every: int, today: dt.date) -> tuple[dt.date, int]:
    """The day the next contact is due and the days past it: one definition for both kinds (care's)."""
    due = mentoring_selectors.pair_due_on(started_on, last, every)
    return due, mentoring_selectors.pair_overdue_days(started_on, last, every, today)


def apprenticeship_rows(elder_id: int, today: dt.date) -> list[MyPair]:
    """The elder's open apprenticeship pairs, as mentor or as the new elder: one query."""
    rows = []
    for p in (ApprenticeshipPair.objects.filter(Q(mentor_id=elder_id) | Q(mentee_elder_id=elder_id),
                                                ended_on__isnull=True)
              .select_related("mentor", "mentee_elder", "mentee_teacher__staff")
              .annotate(last_contact=Max("contacts__date"))):
        as_mentor = p.mentor_id == elder_id
        last = p.last_contact  # type: ignore[attr-defined]
        due, overdue = _due(p.started_on, last, p.contact_every_days, today)
        teacher = p.mentee_teacher.staff if p.mentee_teacher_id else None  # type: ignore[union-attr]
        rows.append(MyPair(
            kind=p.kind, as_mentor=as_mentor, pk=p.pk, name=p.mentee_name if as_mentor else p.mentor.name,
            detail=(teacher.subject or "") if teacher is not None and as_mentor else "",
            started_on=p.started_on, contact_every_days=p.contact_every_days, last_contact=last, due_on=due,
            overdue_days=overdue, row=p))
    return rows


def my_pairs(actor: Actor, today: dt.date | None = None) -> MyPairs:
    """Every open pair the elder is in: mentoring students (read through the care app's selectors), mentoring a
    new elder or a young teacher, or mentored as a new elder. A constant number of queries."""
    actor.require("elders.home")
    today = today or timezone.localdate()
    if actor.elder_id is None:
        return MyPairs([], [])
    rows = apprenticeship_rows(actor.elder_id, today)
    for p in mentoring_selectors.my_mentees(actor, today):
        rows.append(MyPair(
            kind=STUDENT, as_mentor=True, pk=p.pk, name=p.student.name, detail=str(p.student.school_class or ""),
            started_on=p.started_on, contact_every_days=p.contact_every_days,
            last_contact=p.last_contact,  # type: ignore[attr-defined]
            due_on=p.due_on, overdue_days=p.overdue_days, row=p))  # type: ignore[attr-defined]
    rows.sort(key=lambda r: (-r.overdue_days, r.due_on, r.name, r.pk))
    return MyPairs(rows, list(mentoring_selectors.summaries_to_write(actor, today)))


@dataclass
class ElderHome:
    elder: Elder
    assignments: list[Assignment]
    trainings: list[TrainingSession]
    recreation: list[RecreationEvent]
    pairs: MyPairs
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
        pairs=my_pairs(actor, today),
        hours=service_hours(elder, elder.school, today),
        awards=list(Award.objects.filter(elder=elder).order_by("-awarded_on", "-pk")),
        notices=list(Notification.objects.filter(recipient=actor.user, school=actor.school)
                     .order_by("-created_at", "-pk")[:HOME_UPCOMING]),
    )


def hours_by_category(school, start: dt.date, end: dt.date) -> list[dict]:
    """The school's service hours between two days (inclusive) per elder category: the elders who served and their
    hours, aggregates only (the year-end report's table). One query."""
    from django.db.models import Count, Sum

    rows = (ServiceRecord.objects.filter(school=school, date__gte=start, date__lte=end)
            .values("elder__category").annotate(elders=Count("elder_id", distinct=True), hours=Sum("hours"))
            .order_by("elder__category"))
    labels = dict(Elder.Category.choices)
    return [{"category": r["elder__category"], "label": str(labels.get(r["elder__category"], r["elder__category"])),
             "elders": r["elders"], "hours": r["hours"] or Decimal("0")} for r in rows]
