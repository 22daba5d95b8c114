"""Reads of the county view (ORG-8), scoped to the county of the account asking. Aggregates only: stored indicator
snapshots and submitted year-end reports of the county's schools, never a record of a person.

Scores (docs/evaluation-county.md):
- a dimension's score = Σ(score × weight) / Σ(weight) over its indicators that have a score: with every indicator
  scored (weights sum to 100) that is Σ score × weight / 100; an indicator without data ("no data yet") is left
  out rather than counted as 0, and when none has a score the dimension has none;
- a school's total = Σ(dimension score × dimension weight) / Σ(dimension weight) over the dimensions with a score
  (Σ dimension × weight / 100 when all have one);
- county figures are plain averages over the schools that have the figure.

Every read is a fixed number of queries whatever the number of schools (the dashboard: 4), one grouped query over
the snapshots doing the sums in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum
from django.http import Http404
from django.urls import reverse

from xinhuo.core.models import School

from ..indicators.models import Period, Snapshot
from ..reports.models import ReportStatus, YearReport
from .models import County, CountyMember, CountySchool

CENT = Decimal("0.01")


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def membership(user) -> CountyMember | None:
    """The user's county membership (the first, should an account serve two counties), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return CountyMember.objects.filter(user=user).select_related("county").order_by("pk").first()


def account_home(user) -> str:
    """Hook account.home: a county account's home is its county's dashboard."""
    return reverse("evaluation:county-home") if membership(user) is not None else ""


def county_of(user) -> County:
    """The county whose pages this user may read; 404 to anyone who is not a member of one."""
    member = membership(user)
    if member is None:
        raise Http404
    return member.county


def _school_ids(county: County):
    return CountySchool.objects.filter(county=county).values("school_id")


def schools(county: County) -> list[School]:
    return list(School.objects.filter(pk__in=_school_ids(county)).only("pk", "name", "code").order_by("name", "pk"))


def school_of(county: County, school_id: int) -> School:
    """One of the county's schools; any other school is a 404."""
    school = School.objects.filter(pk=school_id, pk__in=_school_ids(county)).only("pk", "name", "code").first()
    if school is None:
        raise Http404
    return school


def years(county: County) -> list[str]:
    """The school years with snapshots in the county, newest first ("2026-2027学年" sorts by its start)."""
    names = (Snapshot.objects.filter(school_id__in=_school_ids(county)).values_list("year_name", flat=True)
             .distinct().order_by("-year_name"))
    return list(names)


def choose(county_years: list[str], year: str | None, period: str | None) -> tuple[str | None, str]:
    """The asked year and period when they are known ones, else the latest year and the whole year."""
    chosen_year = year if year in county_years else (county_years[0] if county_years else None)
    chosen_period = period if period in Period.values else Period.YEAR
    return chosen_year, chosen_period


@dataclass
class DimensionInfo:
    code: str
    name: str
    weight: Decimal
    average: Decimal | None = None


@dataclass
class SchoolScore:
    school_id: int
    name: str
    code: str
    total: Decimal | None = None
    dimensions: dict[str, Decimal | None] = field(default_factory=dict)
    rank: int | None = None
    # the dimension scores in the board's order, as text (a table of 60 × 7 localised Decimals cost 20 ms to render)
    cells: list[str | None] = field(default_factory=list)


def _grouped(qs) -> list[dict]:
    """Per school and dimension: Σ score × weight and Σ weight over the scored indicators (one query)."""
    scored = Q(score__isnull=False)
    return list(qs.values("school_id", "year_name", "dimension_code", "dimension_name", "dimension_weight")
                .annotate(sw=Sum(F("score") * F("weight"), filter=scored), w=Sum("weight", filter=scored))
                .order_by("school_id", "year_name", "dimension_code"))


def _dimension_score(row: dict) -> Decimal | None:
    return Decimal(row["sw"]) / Decimal(row["w"]) if row["w"] else None


def total_of(dimension_scores: list[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Σ(score × weight) / Σ(weight) over the (score, weight) pairs that have a score."""
    scored = [(s, w) for s, w in dimension_scores if s is not None and w]
    weight = sum((w for _s, w in scored), Decimal(0))
    return sum((s * w for s, w in scored), Decimal(0)) / weight if weight else None


@dataclass
class Board:
    county: County
    years: list[str]
    year: str | None
    period: str
    dimensions: list[DimensionInfo]
    schools: list[SchoolScore]
    average_total: Decimal | None
    scored_schools: int
    reports: int  # submitted reports of the county (the list is its own page)

    @property
    def ranked(self) -> list[SchoolScore]:
        return sorted((s for s in self.schools if s.total is not None), key=lambda s: (-(s.total or 0), s.name))


def board(county: County, year: str | None = None, period: str | None = None) -> Board:
    """The dashboard: every school of the county with its total and dimension scores for the year and period,
    the county's averages, and the submitted reports. Four queries, however many schools."""
    county_years = years(county)
    year, period = choose(county_years, year, period)
    rows = schools(county)
    scores = {s.pk: SchoolScore(s.pk, s.name, s.code) for s in rows}
    dims: dict[str, DimensionInfo] = {}
    per_school: dict[int, list[tuple[Decimal | None, Decimal]]] = {}
    if year is not None:
        qs = Snapshot.objects.filter(school_id__in=_school_ids(county), year_name=year, period=period)
        for row in _grouped(qs):
            code = row["dimension_code"]
            dims.setdefault(code, DimensionInfo(code, row["dimension_name"], row["dimension_weight"]))
            value = _dimension_score(row)
            scores[row["school_id"]].dimensions[code] = _round(value)
            per_school.setdefault(row["school_id"], []).append((value, row["dimension_weight"]))
    for school_id, pairs in per_school.items():
        scores[school_id].total = _round(total_of(pairs))
    ordered = sorted(dims.values(), key=lambda d: (-d.weight, d.code))
    for d in ordered:
        values = [v for s in scores.values() if (v := s.dimensions.get(d.code)) is not None]
        d.average = _round(sum(values, Decimal(0)) / len(values)) if values else None
    for sc in scores.values():
        sc.cells = [None if (v := sc.dimensions.get(d.code)) is None else str(v) for d in ordered]
    totals = [s.total for s in scores.values() if s.total is not None]
    result = Board(county, county_years, year, period, ordered, list(scores.values()),
                   _round(sum(totals, Decimal(0)) / len(totals)) if totals else None, len(totals),
                   YearReport.objects.filter(school_id__in=_school_ids(county), status=ReportStatus.SUBMITTED).count())
    for i, s in enumerate(result.ranked, start=1):
        s.rank = i
    return result


def submitted_reports(county: County, year: str | None = None) -> list[YearReport]:
    """The year-end reports the county's schools submitted (SUBMITTED only: a draft or a finalised report not yet
    submitted is the school's own), newest year first."""
    qs = (YearReport.objects.filter(school_id__in=_school_ids(county), status=ReportStatus.SUBMITTED)
          .select_related("school", "school_year")
          .only("pk", "title", "status", "docx", "docx_name", "pdf", "pdf_name", "submitted_at", "school__name",
                "school_year__name", "school_year__start")
          .order_by("-school_year__start", "school__name", "pk"))
    if year:
        qs = qs.filter(school_year__name=year)
    return list(qs)


def submitted_report(county: County, pk: int) -> YearReport:
    found = (YearReport.objects.filter(pk=pk, school_id__in=_school_ids(county), status=ReportStatus.SUBMITTED)
             .select_related("school", "school_year").first())
    if found is None:
        raise Http404
    return found


@dataclass
class SchoolView:
    school: School
    years: list[str]
    year: str | None
    period: str
    indicators: list[Snapshot]
    dimensions: list[dict]
    total: Decimal | None
    trend: list[dict]  # per year (whole year): {"year", "total", "dimensions": {code: score}}


def school_view(county: County, school_id: int, year: str | None = None, period: str | None = None) -> SchoolView:
    """One school of the county: its indicators for the year and period (figure, target, score, weight) and its
    total and dimension scores per year (the whole year's snapshots). Four queries."""
    school = school_of(county, school_id)
    own = Snapshot.objects.filter(school_id=school.pk)
    school_years = list(own.values_list("year_name", flat=True).distinct().order_by("-year_name"))
    year, period = choose(school_years, year, period)
    indicators = list(own.filter(year_name=year, period=period).order_by("dimension_code", "indicator_code")
                      .only("pk", "indicator_code", "dimension_code", "name", "dimension_name", "unit", "value",
                            "target", "score", "weight", "dimension_weight", "year_name", "period", "taken_at"))
    by_year: dict[str, dict] = {}
    for row in _grouped(own.filter(period=Period.YEAR)):
        entry = by_year.setdefault(row["year_name"], {"year": row["year_name"], "pairs": [], "dimensions": {}})
        value = _dimension_score(row)
        entry["pairs"].append((value, row["dimension_weight"]))
        entry["dimensions"][row["dimension_code"]] = _round(value)
    trend = [{"year": e["year"], "total": _round(total_of(e["pairs"])), "dimensions": e["dimensions"]}
             for e in sorted(by_year.values(), key=lambda e: e["year"])]
    dims: dict[str, dict] = {}
    for s in indicators:
        d = dims.setdefault(s.dimension_code, {"code": s.dimension_code, "name": s.dimension_name,
                                               "weight": s.dimension_weight, "sw": Decimal(0), "w": Decimal(0),
                                               "indicators": []})
        d["indicators"].append(s)
        if s.score is not None:
            d["sw"] += s.score * s.weight
            d["w"] += s.weight
    for d in dims.values():
        d["score"] = _round(d["sw"] / d["w"]) if d["w"] else None
    total = _round(total_of([(d["sw"] / d["w"] if d["w"] else None, d["weight"]) for d in dims.values()]))
    ordered = sorted(dims.values(), key=lambda d: (-d["weight"], d["code"]))
    return SchoolView(school, school_years, year, period, indicators, ordered, total, trend)


def board_charts(b: Board) -> dict:
    """The dashboard's charts: schools ranked by total, and the county's average per dimension."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from xinhuo.core.charts import chart

    ranked = b.ranked
    return {
        "ranking": chart("county-ranking", "hbar", [s.name for s in ranked], [float(s.total or 0) for s in ranked],
                         title=_("Schools by total score"), unit=_("points"),
                         summary=ngettext("%(n)s school has a total score.", "%(n)s schools have a total score.",
                                          len(ranked)) % {"n": len(ranked)}),
        "dimensions": chart("county-dimensions", "column", [d.name for d in b.dimensions if d.average is not None],
                            [float(d.average) for d in b.dimensions if d.average is not None],
                            title=_("County average per dimension"), unit=_("points")),
    }


def school_charts(v: SchoolView) -> dict:
    """A school's total per school year (line)."""
    from django.utils.translation import gettext as _

    from xinhuo.core.charts import chart

    points = [t for t in v.trend if t["total"] is not None]
    return {"trend": chart("county-school-trend", "line", [t["year"] for t in points],
                           [float(t["total"]) for t in points], title=_("Total score per school year"),
                           unit=_("points"))}
