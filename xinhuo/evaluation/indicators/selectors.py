"""Reads of the indicators part, scoped to the actor's school (rules.py: the committee reads and edits them; the
county view reads snapshots through `figures`).

`figures(school, school_year, period)` is what the other parts use (the year-end report, the county view): one row
per indicator, from the snapshot when the period has one, else computed now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.charts import chart
from xinhuo.core.models import SchoolYear
from xinhuo.core.selectors import current_school_year

from . import formulas, periods, scoring
from .models import Dimension, Indicator, Period, Snapshot

UNIT_LABELS = {"%": "%", "h": "h", "pt": "/100"}


def _live_row(item: Indicator, fig: formulas.Figure) -> dict:
    found = formulas.REGISTRY.get(item.formula)
    return {
        "code": item.code, "name": item.name, "dimension_code": item.dimension.code,
        "dimension_name": item.dimension.name, "unit": found.unit if found else "", "value": fig.value,
        "numerator": fig.numerator, "denominator": fig.denominator, "target": item.target,
        "score": scoring.score(fig.value, item.target, item.bands), "weight": item.weight,
        "dimension_weight": item.dimension.weight, "from_snapshot": False, "id": item.pk,
    }


def _snapshot_row(s: Snapshot) -> dict:
    return {
        "code": s.indicator_code, "name": s.name, "dimension_code": s.dimension_code,
        "dimension_name": s.dimension_name, "unit": s.unit, "value": s.value, "numerator": s.numerator,
        "denominator": s.denominator, "target": s.target, "score": s.score, "weight": s.weight,
        "dimension_weight": s.dimension_weight, "from_snapshot": True, "taken_at": s.taken_at,
    }


def active_indicators(school) -> list[Indicator]:
    return list(Indicator.objects.filter(school=school, active=True).select_related("dimension")
                .order_by("dimension__order", "dimension__pk", "order", "pk"))


def snapshot_rows(school, school_year, period: str) -> list[Snapshot]:
    return list(Snapshot.objects.filter(school=school, school_year=school_year, period=period)
                .order_by("pk"))


def figures(school, school_year, period: str = "year", *, live: bool = False) -> list[dict]:
    """One row per indicator (keys code, name, dimension_code, dimension_name, unit, value, target, score, weight,
    dimension_weight, from_snapshot): the period's snapshot when it has one, else computed now from the indicators
    in use. With live=True a snapshot's rows also get `live` (the figure computed now) and `corrected` (it differs:
    a record was corrected after the snapshot)."""
    taken = snapshot_rows(school, school_year, period)
    if not taken:
        start, end = periods.bounds(school_year, period)
        items = active_indicators(school)
        figs = formulas.kept_many([i.formula for i in items], school, start, end)
        return [_live_row(i, figs[i.formula]) for i in items]
    order = {(d.code): n for n, d in enumerate(Dimension.objects.filter(school=school).order_by("order", "pk"))}
    rows = sorted((_snapshot_row(s) for s in taken), key=lambda r: (order.get(r["dimension_code"], 99), r["code"]))
    if live:
        start, end = periods.bounds(school_year, period)
        now = {i.code: i for i in Indicator.objects.filter(school=school).select_related("dimension")}
        figs = formulas.kept_many([i.formula for i in now.values()], school, start, end)
        for r in rows:
            item = now.get(r["code"])
            r["id"] = item.pk if item else None
            r["live"] = figs[item.formula].value if item else None
            r["corrected"] = item is not None and r["live"] != r["value"]
    return rows


def total_score(rows: list[dict]) -> Decimal | None:
    return scoring.total_score(rows)


def by_dimension(rows: list[dict]) -> list[dict]:
    """The rows grouped by dimension, each with its weight and score, in order."""
    scores = scoring.dimension_scores(rows)
    out: list[dict] = []
    for r in rows:
        if not out or out[-1]["code"] != r["dimension_code"]:
            out.append({"code": r["dimension_code"], "name": r["dimension_name"], "weight": r["dimension_weight"],
                        "score": scores.get(r["dimension_code"]), "rows": []})
        out[-1]["rows"].append(r)
    return out


def dimension_chart(dims: list[dict], *, id: str = "eval-dimensions") -> dict:
    """The dimensions' scores as bars; a dimension without any data is left out rather than drawn as 0."""
    scored = [d for d in dims if d["score"] is not None]
    return chart(id, "hbar", [d["name"] for d in scored], [float(d["score"]) for d in scored],
                 title=_("Score per dimension"), unit=_("points"),
                 summary=_("Scores of %(n)s dimensions, out of 100.") % {"n": len(scored)})


# --- pages -----------------------------------------------------------------------------------------------------


def years(actor: Actor) -> list[SchoolYear]:
    return list(SchoolYear.objects.filter(school=actor.school).prefetch_related("terms").order_by("-start"))


def year_of(actor: Actor, year_id: int | None, choices: list[SchoolYear]) -> SchoolYear | None:
    if year_id:
        found = next((y for y in choices if y.pk == year_id), None)
        if found is None:
            raise Http404
        return found
    current = current_school_year(actor.school)
    return next((y for y in choices if current and y.pk == current.pk), choices[0] if choices else None)


def overview(actor: Actor, year: SchoolYear, period: str, today: dt.date | None = None) -> dict:
    """The overview's data: rows by dimension, the total, the chart, whether the period is fixed and ended."""
    actor.require("evaluation.indicators.view")
    today = today or timezone.localdate()
    rows = figures(actor.school, year, period, live=True)
    dims = by_dimension(rows)
    start, end = periods.bounds(year, period)
    return {"rows": rows, "dimensions": dims, "total": total_score(rows), "chart": dimension_chart(dims),
            "fixed": bool(rows) and rows[0]["from_snapshot"], "start": start, "end": end, "ended": end < today,
            "corrected": sum(1 for r in rows if r.get("corrected"))}


def indicator_detail(actor: Actor, pk: int) -> Indicator:
    actor.require("evaluation.indicators.view")
    found = Indicator.objects.filter(school=actor.school, pk=pk).select_related("dimension").first()
    if found is None:
        raise Http404
    return found


def trend(item: Indicator, school, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """The figure from the period's start to the end of each month so far, as a line chart: how the period's figure
    built up (a month's own records alone would be too few for most rates)."""
    today = today or timezone.localdate()
    points = [(a, b) for a, b in periods.months(start, end) if a <= today]
    figs = formulas.kept_periods([(item.formula, start, b) for _a, b in points], school)
    values = [figs[(item.formula, start, b)].value for _a, b in points]
    found = formulas.REGISTRY.get(item.formula)
    unit = UNIT_LABELS.get(found.unit, "") if found else ""
    spec = chart(f"eval-trend-{item.pk}", "line", [a.strftime("%Y-%m") for a, _b in points],
                 [float(v) if v is not None else 0 for v in values], title=item.name, unit=unit,
                 summary=_("%(name)s from the start of the period to the end of each month; 0 where there is no "
                           "data yet.") % {"name": item.name})
    return {"chart": spec, "points": list(zip([a for a, _b in points], values, strict=True))}


def records(actor: Actor, item: Indicator, start: dt.date, end: dt.date) -> list[dict]:
    """The records behind the figure, from the actor's school only (the formula's own drill-down)."""
    actor.require("evaluation.indicators.view")
    found = formulas.REGISTRY.get(item.formula)
    return found.records(actor, start, end) if found else []


def snapshot_of(actor: Actor, item: Indicator, year: SchoolYear, period: str) -> Snapshot | None:
    return Snapshot.objects.filter(school=actor.school, school_year=year, period=period,
                                   indicator_code=item.code).first()


def dimensions(actor: Actor) -> list[Dimension]:
    actor.require("evaluation.indicators.view")
    return list(Dimension.objects.filter(school=actor.school).order_by("order", "pk"))


def dimension_detail(actor: Actor, pk: int) -> Dimension:
    actor.require("evaluation.indicators.view")
    found = Dimension.objects.filter(school=actor.school, pk=pk).first()
    if found is None:
        raise Http404
    return found


def indicators_of(dimension: Dimension) -> list[Indicator]:
    return list(Indicator.objects.filter(dimension=dimension).order_by("order", "pk"))


def snapshots(actor: Actor):
    actor.require("evaluation.indicators.view")
    return Snapshot.objects.filter(school=actor.school).select_related("school_year").order_by(
        "-school_year__start", "period", "dimension_code", "indicator_code")


def taken_periods(actor: Actor) -> list[dict]:
    """Which periods of which year are fixed, when and by whom (the snapshots' page)."""
    from django.db.models import Max, Min

    rows = (Snapshot.objects.filter(school=actor.school).order_by().values("school_year_id", "year_name", "period")
            .annotate(taken=Max("taken_at"), first=Min("taken_at")).order_by("-year_name", "period"))
    labels = dict(Period.choices)
    return [{**r, "label": labels.get(r["period"], r["period"])} for r in rows]


# --- home page -------------------------------------------------------------------------------------------------


def home_panel(actor: Actor) -> dict | None:
    """The committee's dimension scores this year: from the year's latest fixed period when there is one, else the
    live figures, kept 15 minutes (the home page is everybody's first page: the formulas' few dozen aggregate
    queries run at most four times an hour per school)."""
    if not actor.can("evaluation.indicators.view"):
        return None
    year = current_school_year(actor.school)
    if year is None or not Indicator.objects.filter(school=actor.school).exists():
        return None
    latest = (Snapshot.objects.filter(school=actor.school, school_year=year).order_by("-taken_at", "-pk")
              .values_list("period", flat=True).first())
    if latest:
        rows = figures(actor.school, year, latest)
    else:
        key = f"evaluation:home:{actor.school.pk}:{year.pk}"
        rows = cache.get(key)
        if rows is None:
            rows = figures(actor.school, year, Period.YEAR)
            cache.set(key, rows, 15 * 60)
    dims = by_dimension(rows)
    return {"chart": dimension_chart(dims, id="eval-home-dimensions"), "total": total_score(rows), "year": year,
            "period": dict(Period.choices)[latest or Period.YEAR]}
