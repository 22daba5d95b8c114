"""The tiered home-visit plan (家访计划, FAM-2): who is due or overdue for a home visit.

The rule, for every enrolled student the actor cares for (common.students_in_care: the committee —
director, leaders, counsellors — the whole school; a head teacher their classes):

- interval: the smallest `SpecialGroup.visit_every_days` among the groups of the student's special-group tags
  *in effect* on the day (open, i.e. not closed, and review date on or after the day; an expired tag no longer
  tiers). A tag in a deactivated group still counts while it is in effect: the student still needs the care.
  A student with no tag in effect gets the school default: `settings.XINHUO_HOME_VISIT_DAYS` if set, else the
  environment variable of that name, else DEFAULT_VISIT_EVERY_DAYS (120).
- next due: the last home visit's date (any way: in person, phone, video) + the interval.
- status on the day: OVERDUE when the next due date has passed; DUE ("due soon") when it falls within
  DUE_SOON_DAYS (14) days from the day, the day itself and the 14th day included; FINE otherwise.
- never visited: a student in a special group counts as OVERDUE (they should have been seen already; next due
  and days overdue are None); any other student counts as DUE (next due is the day itself, 0 days overdue).

Rows come sorted overdue first (never-visited tagged students first, then the most days overdue), then due
soon, then fine, each by next due date, class and name.

Today's plan is read from each student's stored due date (care.VisitDue, kept by visits.due): `plan_rows` is a
lazy sequence the pages and the API paginate (one aggregate for the counts, one query per page of rows). The plan
as of another day is computed from the visits and tags (`computed_plan`, three queries, the reference the stored
rows are tested against). The lead's overview and the bench reuse `visit_plan`; keep its signature stable:

    visit_plan(actor, *, on=None, class_id=None, status=None) -> list[PlanRow]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, DateField, Exists, F, IntegerField, Max, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinhuo.core.access import Actor
from xinhuo.core.charts import chart
from xinhuo.core.selectors import school_year_bounds

from ..common import students_in_care
from ..models import HomeVisit, StudentTag, TagSource, TagStatus

DEFAULT_VISIT_EVERY_DAYS = 120
DUE_SOON_DAYS = 14
SETTING = "XINHUO_HOME_VISIT_DAYS"

OVERDUE = "overdue"
DUE = "due"
FINE = "fine"
STATUSES = (OVERDUE, DUE, FINE)
_ORDER = {OVERDUE: 0, DUE: 1, FINE: 2}


def default_visit_days() -> int:
    """The school default interval for students in no special group: the setting, the environment, or 120."""
    value = getattr(settings, SETTING, None)
    if value in (None, ""):
        value = os.environ.get(SETTING, "")
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_VISIT_EVERY_DAYS
    return days if 1 <= days <= 730 else DEFAULT_VISIT_EVERY_DAYS


@dataclass(frozen=True)
class PlanRow:
    """One student's line of the plan. `group` is the name of the special group that sets the interval ("" for
    the school default): it reveals a tag, so only those who see the student's tags ever get a row."""

    student_id: int
    student_name: str
    student_no: str
    class_id: int
    class_name: str
    interval: int
    group: str
    last_visit: dt.date | None
    next_due: dt.date | None
    status: str
    days_overdue: int | None

    @property
    def tagged(self) -> bool:
        return bool(self.group)

    @property
    def never_visited(self) -> bool:
        return self.last_visit is None


def plan_status(*, on: dt.date, last_visit: dt.date | None, interval: int, tagged: bool
                ) -> tuple[dt.date | None, str, int | None]:
    """(next due, status, days overdue) for one student on the day; see the module's docstring."""
    if last_visit is None:
        return (None, OVERDUE, None) if tagged else (on, DUE, 0)
    next_due = last_visit + dt.timedelta(days=interval)
    if next_due < on:
        return next_due, OVERDUE, (on - next_due).days
    if next_due <= on + dt.timedelta(days=DUE_SOON_DAYS):
        return next_due, DUE, 0
    return next_due, FINE, 0


def _sort_key(row: PlanRow) -> tuple:
    never_first = 0 if row.next_due is None else 1
    return (_ORDER[row.status], never_first, -(row.days_overdue or 0), row.next_due or dt.date.min,
            row.class_name, row.student_name, row.student_id)


def visit_plan(actor: Actor, *, on: dt.date | None = None, class_id: int | None = None,
               status: str | None = None) -> list[PlanRow]:
    """The home-visit plan of the students the actor cares for on `on` (today by default), optionally of one
    class and one status (OVERDUE, DUE or FINE; anything else: all), as a list. 404 without home_visits.view."""
    today = timezone.localdate()
    if on is None or on == today:
        return list(plan_rows(actor, class_id=class_id, status=status))
    return computed_plan(actor, on=on, class_id=class_id, status=status)


def computed_plan(actor: Actor, *, on: dt.date, class_id: int | None = None,
                  status: str | None = None) -> list[PlanRow]:
    """The plan on any day computed from the visits and tags themselves (three queries): what the stored rows
    of visits.due must give for today."""
    actor.require("home_visits.view")
    default = default_visit_days()
    qs = students_in_care(actor)
    if class_id:
        qs = qs.filter(school_class_id=class_id)
    # three flat reads merged here: faster than one query with a correlated subquery per student (4,000 students:
    # ~40 ms against ~75 ms on SQLite), and the count stays three whatever the number of students
    in_scope = qs.order_by().values("pk")
    last_visits = dict(HomeVisit.objects.filter(student__in=in_scope).order_by().values_list("student_id")
                       .annotate(last=Max("visited_on")))
    tiers: dict[int, tuple[int, str]] = {}
    for student_id, days, name in (
            StudentTag.objects.filter(student__in=in_scope, review_on__gte=on).exclude(status=TagStatus.CLOSED)
            .order_by("group__visit_every_days", "group__order", "group_id")
            .values_list("student_id", "group__visit_every_days", "group__name")):
        tiers.setdefault(student_id, (days, name))  # the smallest interval comes first
    rows = []
    for pk, name, no, class_id_, class_name, grade_name in qs.order_by().values_list(
            "pk", "name", "student_no", "school_class_id", "school_class__name", "school_class__grade__name"):
        interval, group = tiers.get(pk, (default, ""))
        last_visit: dt.date | None = last_visits.get(pk)
        next_due, state, overdue = plan_status(on=on, last_visit=last_visit, interval=interval, tagged=pk in tiers)
        if status in STATUSES and state != status:
            continue
        rows.append(PlanRow(
            student_id=pk, student_name=name, student_no=no, class_id=class_id_,
            class_name=f"{grade_name}{class_name}", interval=interval, group=group, last_visit=last_visit,
            next_due=next_due, status=state, days_overdue=overdue))
    rows.sort(key=_sort_key)
    return rows


def plan_counts(rows: list[PlanRow]) -> dict[str, int]:
    """How many rows in each status (for a summary line or the overview's figures)."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


# --- today's plan from the stored due dates (care.VisitDue) -------------------------------------------------


def _status_filters(on: dt.date) -> dict[str, Q]:
    """Each status as a filter on students (a student without a VisitDue row: never visited, untagged: DUE)."""
    due, tagged = "visit_due__next_due", Q(visit_due__group__isnull=False)
    never = Q(**{f"{due}__isnull": True})
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    return {
        OVERDUE: Q(**{f"{due}__lt": on}) | (never & tagged),
        DUE: Q(**{f"{due}__gte": on, f"{due}__lte": soon}) | (never & ~tagged),
        FINE: Q(**{f"{due}__gt": soon}),
    }


def _bytewise(expr):
    """Text ordered by code point, as Python's sort did (SQLite compares bytes; PostgreSQL by its collation)."""
    from django.db import connection
    from django.db.models.functions import Collate

    return Collate(expr, "C") if connection.vendor == "postgresql" else expr


class PlanRows:
    """Today's plan of the students in scope, overdue first (the order of the module's docstring), read from the
    stored due dates: `counts()` is one aggregate (every status, and how many rows name a group), a slice one
    query. Paginators and DRF page it like a queryset."""

    def __init__(self, base, status: str | None, on: dt.date, default: int, withheld: str = "") -> None:
        self.on, self.default, self.withheld = on, default, withheld
        self.status = status if status in STATUSES else None
        self._filters = _status_filters(on)
        self._base = base
        qs = base.filter(self._filters[self.status]) if self.status else base
        when = [When(self._filters[s], then=Value(_ORDER[s])) for s in (OVERDUE, DUE)]
        self._qs = qs.annotate(
            plan_rank=Case(*when, default=Value(_ORDER[FINE]), output_field=IntegerField()),
            plan_never=Case(When(Q(visit_due__next_due__isnull=True, visit_due__group__isnull=False),
                                 then=Value(0)), default=Value(1), output_field=IntegerField()),
            plan_due=Coalesce("visit_due__next_due", Value(on), output_field=DateField()),
            plan_name=_bytewise(F("name")),
        ).order_by("plan_rank", "plan_never", "plan_due", "school_class__grade__level", "school_class__number",
                   "plan_name", "pk")  # classes in grade order (初一, 初二, 初三), not by the characters' codes
        self._counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        """How many students in each status (of the whole plan in scope, whatever `status`), and of the rows (of
        `status`) how many have a group ("tagged") and how many were never visited ("never_visited"): one query."""
        if self._counts is None:
            tagged = Q(visit_due__group__isnull=False)
            aggs = {s: Count("pk", filter=self._filters[s]) for s in STATUSES}
            mine = self._filters[self.status] if self.status else Q()
            aggs["tagged"] = Count("pk", filter=mine & tagged)
            aggs["never_visited"] = Count("pk", filter=mine & Q(visit_due__last_visit__isnull=True))
            self._counts = self._base.order_by().aggregate(**aggs)
        return self._counts

    def counts_by_class(self) -> dict[int, dict[str, int]]:
        """How many students of each class in each status (of the whole plan in scope, whatever `status`): one
        query, for a head teacher's per-class summary and chart."""
        aggs = {s: Count("pk", filter=self._filters[s]) for s in STATUSES}
        return {row.pop("school_class_id"): row
                for row in self._base.order_by().values("school_class_id").annotate(**aggs)}

    def count(self) -> int:
        c = self.counts()
        return c[self.status] if self.status else sum(c[s] for s in STATUSES)

    def __len__(self) -> int:
        return self.count()

    def _row(self, v: tuple) -> PlanRow:
        pk, name, no, class_id, class_name, grade_name, last_visit, interval, group, *shown = v
        tagged = group is not None
        if tagged and shown and not shown[0]:  # the tier's group is known from screening only (PSY-5)
            group = self.withheld
        interval = interval if interval is not None else self.default
        next_due, state, overdue = plan_status(on=self.on, last_visit=last_visit, interval=interval, tagged=tagged)
        return PlanRow(student_id=pk, student_name=name, student_no=no, class_id=class_id,
                       class_name=f"{grade_name}{class_name}", interval=interval, group=group or "",
                       last_visit=last_visit, next_due=next_due, status=state, days_overdue=overdue)

    def _values(self, qs):
        fields = ["pk", "name", "student_no", "school_class_id", "school_class__name", "school_class__grade__name",
                  "visit_due__last_visit", "visit_due__interval", "visit_due__group__name"]
        if self.withheld:
            # whether a tag of the tier's group not from screening is in effect: else its name is withheld
            qs = qs.annotate(plan_group_shown=Exists(
                StudentTag.objects.filter(student=OuterRef("pk"), group=OuterRef("visit_due__group"),
                                          review_on__gte=self.on).exclude(status=TagStatus.CLOSED)
                .exclude(source=TagSource.SCREENING)))
            fields.append("plan_group_shown")
        return qs.values_list(*fields)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self._row(v) for v in self._values(self._qs[k])]
        return self._row(self._values(self._qs)[k])

    def __iter__(self):
        return (self._row(v) for v in self._values(self._qs))


def plan_rows(actor: Actor, *, class_id: int | None = None, status: str | None = None,
              never_visited: bool = False, class_ids: Iterable[int] | None = None,
              student_ids: Iterable[int] | None = None) -> PlanRows:
    """Today's plan of the students the actor cares for (optionally one class or some classes, some students, one
    status, only those never visited), from the stored due dates, refreshed first where stale (visits.due). 404
    without home_visits.view."""
    from . import due

    actor.require("home_visits.view")
    on = timezone.localdate()
    due.refresh_stale(actor.school.pk, on)
    qs = students_in_care(actor).select_related(None)
    if class_id:
        qs = qs.filter(school_class_id=class_id)
    if class_ids is not None:
        qs = qs.filter(school_class_id__in=list(class_ids))
    if student_ids is not None:
        qs = qs.filter(pk__in=list(student_ids))
    if never_visited:
        qs = qs.filter(visit_due__last_visit__isnull=True)
    # a tier set by a tag from screening is named to the counsellors only; the others read "needs attention"
    withheld = "" if actor.can("special_groups.screening") else str(_("Needs attention"))
    return PlanRows(qs, status, on, default_visit_days(), withheld)


# --- done against due, month by month (the chart of the plan page) ----------------------------------------------


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def visits_by_month(actor: Actor, *, class_id: int | None = None, on: dt.date | None = None,
                    ahead: int = 2) -> dict:
    """Home visits done and due in each month of the school year, from September to `ahead` months after this
    one (not past the year's end), of the students the actor cares for (optionally one class): a chart spec
    (core.charts) with the two series "Done" and "Due".

    Done: the visits made in the month. Due: what the plan's rule (this module's docstring) asked for in the
    month: each visit makes the student's next one due an interval later (the interval of the student's tier
    today, VisitDue), counted in the month that date falls in; a student never visited is due now (this month).
    A month behind shows more due than done; the months ahead show what is coming. Three queries (and the
    refresh of stale due dates), whatever the number of students."""
    from . import due

    actor.require("home_visits.view")
    on = on or timezone.localdate()
    start, end = school_year_bounds(actor.school, on)
    due.refresh_stale(actor.school.pk, on)
    y, m = on.year, on.month + ahead
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    upto = min(dt.date(y, m, 1), end)
    months = _months(start, upto) if start <= upto else []
    index = {ym: i for i, ym in enumerate(months)}
    qs = students_in_care(actor).select_related(None)
    if class_id:
        qs = qs.filter(school_class_id=class_id)
    default = default_visit_days()
    intervals: dict[int, int] = {}
    never = 0
    for pk, interval, last_visit in qs.order_by().values_list("pk", "visit_due__interval", "visit_due__last_visit"):
        intervals[pk] = interval or default
        never += last_visit is None
    done, owed = [0] * len(months), [0] * len(months)
    if months:
        # a visit before the year still makes one due inside it: look back by the longest interval
        since = start - dt.timedelta(days=max(intervals.values(), default=default))
        for student_id, visited_on in (HomeVisit.objects.filter(student__in=qs.order_by().values("pk"),
                                                                visited_on__gte=since, visited_on__lte=on)
                                       .order_by().values_list("student_id", "visited_on")):
            if (i := index.get((visited_on.year, visited_on.month))) is not None and visited_on >= start:
                done[i] += 1
            nxt = visited_on + dt.timedelta(days=intervals.get(student_id, default))
            if start <= nxt and (i := index.get((nxt.year, nxt.month))) is not None:
                owed[i] += 1
        if (i := index.get((on.year, on.month))) is not None:
            owed[i] += never
    so_far = [i for i, ym in enumerate(months) if ym <= (on.year, on.month)]
    return chart(
        "care-visits-by-month", "column", [str(MONTHS_AP[mo]) for _y, mo in months],
        [(pgettext("home visits", "Done"), done), (pgettext("home visits", "Due"), owed)],
        title=_("Home visits done and due by month"), unit=pgettext("unit", "visits"),
        summary=_("This school year so far: %(done)d visits made, %(due)d due.") % {
            "done": sum(done[i] for i in so_far), "due": sum(owed[i] for i in so_far)})
