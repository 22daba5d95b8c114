"""The elders app's home-page panels (declared in manifest.py): what an elder has to do next, their pairs with the
contacts due and their service hours; the young teacher's apprenticeship and study; the committee's view of the elders'
participation. Each context is computed once per page (core's dashboard shares it between the panels naming it) and
reads a constant number of queries whatever there is to show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.charts import chart
from xinhuo.core.selectors import school_year_bounds

from .models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Elder,
    Participation,
    ServiceRecord,
    TrainingSession,
    YoungTeacher,
)

PANEL_ROWS = 5  # rows in a home-page list panel; the page behind its link has them all
DUE_WITHIN_DAYS = 7  # a pair whose next contact is due within a week shows on the home page


def _months(school, today: dt.date) -> list[dt.date]:
    """The first day of each month of the current school year, up to this month (a year past: all of it)."""
    start, end = school_year_bounds(school, today)
    last = min(end, today).replace(day=1) if start <= today else start.replace(day=1)
    months, day = [], start.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _per_month(rows, months: list[dt.date]) -> list[float]:
    """(month, hours) rows in the order of `months`, 0 for a month without any; hours as numbers one decimal."""
    by_month: dict[dt.date, Decimal] = {}
    for month, hours in rows:
        if isinstance(month, dt.datetime):
            month = month.date()
        by_month[month.replace(day=1)] = by_month.get(month.replace(day=1), Decimal("0")) + (hours or 0)
    return [float(by_month.get(m, Decimal("0"))) for m in months]


def _month_labels(months: list[dt.date]) -> list[str]:
    return [date_format(m, "M") for m in months]


# --- the elder --------------------------------------------------------------------------------------------------


def count_panel(actor: Actor) -> dict | None:
    """The number of active elders, for those who manage them (others have no use for the count)."""
    if not actor.can("elders.manage"):
        return None
    return {"elder_count": Elder.objects.filter(school=actor.school, status=Elder.Status.ACTIVE).count()}


def service_panel(actor: Actor) -> dict | None:
    """The elder's one big button to their own page."""
    return {} if actor.can("elders.home") else None


def elder_panel(actor: Actor, today: dt.date | None = None) -> dict | None:
    """An elder's home page: their roles held now and their next activities and training sessions, their pairs whose
    next contact is due within a week (overdue first), and their service hours per month this school year (a chart).
    None for anyone who is not an elder with a registry entry here. At most eleven queries, whatever their number."""
    if not actor.can("elders.home") or actor.elder_id is None:
        return None
    from xinhuo.activities import selectors as activity_selectors

    from .work.selectors import my_pairs

    today = today or timezone.localdate()
    elder_id = actor.elder_id
    assignments = list(Assignment.objects.filter(elder_id=elder_id, status=Assignment.Status.ACTIVE)
                       .order_by("start_on", "pk")[:PANEL_ROWS])
    upcoming: list[dict] = [
        {"date": timezone.localtime(a.starts_at).date(), "time": timezone.localtime(a.starts_at), "title": a.title,
         "place": a.place, "what": a.get_kind_display(), "kind": "activity", "pk": a.pk}
        for a in activity_selectors.elder_engagements(actor, limit=PANEL_ROWS)]
    upcoming += [
        {"date": s.date, "time": None, "title": s.topic, "place": s.place, "what": s.get_kind_display(),
         "kind": "training", "pk": s.pk}
        for s in TrainingSession.objects.filter(attendance__elder_id=elder_id, date__gte=today)
        .order_by("date", "pk")[:PANEL_ROWS]]
    upcoming.sort(key=lambda r: (r["date"], r["kind"], r["pk"]))
    pairs = my_pairs(actor, today)
    due = [r for r in pairs.rows if r.due_on <= today + dt.timedelta(days=DUE_WITHIN_DAYS)]
    months = _months(actor.school, today)
    start, end = school_year_bounds(actor.school, today)
    rows = (ServiceRecord.objects.filter(elder_id=elder_id, school=actor.school, date__gte=start, date__lte=end)
            .annotate(month=TruncMonth("date")).values_list("month").annotate(hours=Sum("hours")).order_by())
    values = _per_month(rows, months)
    year_hours = sum(values)
    spec = chart("elder-hours-chart", "column", _month_labels(months), values,
                 title=_("My service hours this school year"), unit=_("hours"),
                 summary=_("%(hours)s hours of service this school year.") % {"hours": _hours(year_hours)})
    return {
        "assignments": assignments, "upcoming": upcoming[:PANEL_ROWS], "pairs_due": due[:PANEL_ROWS],
        "pairs_total": len(pairs.rows), "pairs_due_count": len(due), "to_summarise": len(pairs.to_summarise),
        "hours_chart": spec, "year_hours": _hours(year_hours), "elder_id": elder_id,
    }


def _hours(value: float) -> str:
    """Hours as people write them: 12, 12.5."""
    return f"{value:.1f}".removesuffix(".0")


# --- the young teacher ------------------------------------------------------------------------------------------


def young_teacher_panel(actor: Actor, today: dt.date | None = None) -> dict | None:
    """A young teacher's home page: their mentor(s) with the next contact due and the latest contacts, their stage on
    the roadmap, their latest participation records and hours this school year, and the committee's study sessions
    coming up. None for anyone not in the reserve. At most seven queries."""
    if actor.young_teacher_id is None:
        return None
    today = today or timezone.localdate()
    yt = YoungTeacher.objects.select_related("staff").get(pk=actor.young_teacher_id)
    mentors = []
    for p in (ApprenticeshipPair.objects.filter(mentee_teacher=yt, ended_on__isnull=True).select_related("mentor")
              .annotate(last_contact=Max("contacts__date")).order_by("started_on", "pk")):
        since = p.last_contact or p.started_on  # type: ignore[attr-defined]
        due = since + dt.timedelta(days=p.contact_every_days)
        mentors.append({"pair": p, "due_on": due, "overdue_days": max((today - due).days, 0)})
    contacts = list(ApprenticeshipContact.objects.filter(apprenticeship__mentee_teacher=yt)
                    .select_related("apprenticeship__mentor").order_by("-date", "-pk")[:3]) if mentors else []
    start, end = school_year_bounds(actor.school, today)
    year = Participation.objects.filter(young_teacher=yt, date__gte=start, date__lte=end).aggregate(
        hours=Sum("hours"), n=Count("pk"))
    records = list(Participation.objects.filter(young_teacher=yt).order_by("-date", "-pk")[:3])
    study = list(TrainingSession.objects.filter(school=actor.school, kind=TrainingSession.Kind.STUDY,
                                                date__gte=today).order_by("date", "pk")[:3])
    return {
        "yt": yt, "mentors": mentors, "contacts": contacts, "records": records, "study": study,
        "year_hours": _hours(float(year["hours"] or 0)), "year_records": year["n"],
    }


# --- the committee ----------------------------------------------------------------------------------------------


def participation_panel(actor: Actor, today: dt.date | None = None) -> dict | None:
    """The committee's view of the elders this school year: how many of the active elders served (a service record),
    the hours, and the hours per month by source (a chart). The director and leaders only. Three queries."""
    if not actor.can("elders.committee"):
        return None
    today = today or timezone.localdate()
    start, end = school_year_bounds(actor.school, today)
    months = _months(actor.school, today)
    year = ServiceRecord.objects.filter(school=actor.school, date__gte=start, date__lte=end)
    totals = year.aggregate(hours=Sum("hours"))
    in_year = Q(service_records__date__gte=start, service_records__date__lte=end)
    active = Elder.objects.filter(school=actor.school, status=Elder.Status.ACTIVE).aggregate(
        n=Count("pk", distinct=True), serving=Count("pk", filter=in_year, distinct=True))
    by_source: dict[str, list] = {}
    for month, source, hours in (year.annotate(month=TruncMonth("date")).values_list("month", "source")
                                 .annotate(hours=Sum("hours")).order_by()):
        by_source.setdefault(source, []).append((month, hours))
    series = [(label, _per_month(by_source[code], months))
              for code, label in ServiceRecord.Source.choices if code in by_source]
    hours = float(totals["hours"] or 0)
    spec = chart("elder-participation-chart", "stacked", _month_labels(months), series or [0] * len(months),
                 title=_("Elders' service hours per month"), unit=_("hours"),
                 summary=_("%(serving)d of %(active)d active elders served this school year, %(hours)s hours in all.")
                 % {"serving": active["serving"], "active": active["n"], "hours": _hours(hours)})
    return {"chart": spec, "active": active["n"], "serving": active["serving"], "hours": _hours(hours)}
