"""Writes of the indicators part (PLAN-3): the school's default indicator system, the committee's edits of a level
(all dimensions' weights, or one dimension's indicators) and the snapshots that fix a period's figures. Every
refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.models import SchoolYear
from xinhuo.core.validators import same_school

from . import formulas, periods, scoring
from .models import Dimension, Indicator, Period, Snapshot

HUNDRED = Decimal("100")
DEFAULT_BANDS = [[1, 100], [0.9, 90], [0.8, 80], [0.6, 60], [0, 0]]

# The default system, from the seed plans: (code, name, weight, [(formula, target, weight), ...]). Names are the
# committee's own data (they may rename them), so they are stored in Chinese, like supervision's checklist.
DEFAULTS: list[tuple[str, str, int, list[tuple[str, str, int]]]] = [
    ("org", "组织建设", 10, [("plan_completion", "90", 60), ("rectification_closed", "100", 40)]),
    ("team", "队伍建设", 10, [("participation_elder", "80", 40), ("elder_hours", "200", 30),
                          ("participation_teacher", "60", 30)]),
    ("activities", "活动开展", 20, [("activities_held", "90", 50), ("participation_student", "90", 50)]),
    ("care", "关爱帮扶", 20, [("care_support_visit", "95", 40), ("mentoring_on_time", "90", 30),
                          ("screening_coverage", "95", 15), ("alerts_on_time", "100", 15)]),
    ("family_community", "家校社协同", 15, [("parent_school_attendance", "80", 40),
                                        ("participation_parent", "50", 30), ("partners_active", "80", 30)]),
    ("safeguards", "保障措施", 10, [("fund_execution", "90", 60), ("earmarks_respected", "100", 40)]),
    ("results", "工作成效", 15, [("satisfaction_student", "85", 50), ("satisfaction_parent", "85", 50)]),
]
DEFAULT_NAMES = {
    "plan_completion": "工作计划任务完成率", "rectification_closed": "整改事项办结率",
    "participation_elder": "五老参与率", "elder_hours": "五老志愿服务时长", "participation_teacher": "教师参与率",
    "activities_held": "活动按计划开展率", "participation_student": "学生参与率",
    "care_support_visit": "特殊群体帮扶与按时家访率", "mentoring_on_time": "结对帮扶按时联系率",
    "screening_coverage": "心理测评覆盖率", "alerts_on_time": "预警按时处置率",
    "parent_school_attendance": "家长学校参与率", "participation_parent": "家长活动参与率",
    "partners_active": "共建单位活跃率", "fund_execution": "经费预算执行率", "earmarks_respected": "专款专用执行率",
    "satisfaction_student": "学生满意度", "satisfaction_parent": "家长满意度",
}


def indicators_ensure_defaults(school) -> bool:
    """Create the default dimensions and indicators when the school has none yet; True when anything was created.
    Idempotent: a second run, or a school that edited its system, is left as it is. The check runs outside any
    transaction, so a page that finds the system in place writes nothing (on SQLite an atomic block takes the
    write lock)."""
    if Indicator.objects.filter(school=school).exists():
        return False
    created = False
    with transaction.atomic():
        have = {d.code: d for d in Dimension.objects.select_for_update().filter(school=school)}
        if Indicator.objects.filter(school=school).exists():  # another request made them meanwhile
            return False
        for order, (code, name, weight, items) in enumerate(DEFAULTS, start=1):
            dim = have.get(code)
            if dim is None:
                dim = Dimension.objects.create(school=school, code=code, name=name, weight=Decimal(weight),
                                               order=order)
                created = True
            for i, (key, target, w) in enumerate(items, start=1):
                Indicator.objects.create(school=school, dimension=dim, code=key, formula=key,
                                         name=DEFAULT_NAMES[key], target=Decimal(target), weight=Decimal(w),
                                         bands=DEFAULT_BANDS, order=i)
                created = True
    return created


# --- the committee's edits -------------------------------------------------------------------------------------


def _weight(value, label) -> Decimal:
    try:
        found = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("%(name)s: the weight is not a number.") % {"name": label}) from None
    if not found.is_finite() or found < 0 or found > HUNDRED:
        raise ValidationError(_("%(name)s: a weight is from 0 to 100.") % {"name": label})
    return found.quantize(Decimal("0.01"))


def check_sum(weights: list[Decimal], what: str) -> None:
    total = sum(weights, Decimal(0))
    if total != HUNDRED:
        raise ValidationError(_("The weights of %(what)s add up to %(total)s; they must add up to exactly 100.")
                              % {"what": what, "total": f"{total.normalize():f}"})


def check_bands(bands) -> list[list[float]]:
    """A score band: pairs [share of target (0-10), score (0-100)], shares strictly falling, scores not rising."""
    message = _("The score band is a list of pairs [share of target, score], from the highest share down, "
                "e.g. [[1, 100], [0.8, 80], [0, 0]].")
    if not isinstance(bands, list) or not bands or len(bands) > 10:
        raise ValidationError(message)
    out: list[list[float]] = []
    for pair in bands:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in pair)):
            raise ValidationError(message)
        share, score = float(pair[0]), float(pair[1])
        if not (0 <= share <= 10 and 0 <= score <= 100):
            raise ValidationError(message)
        if out and (share >= out[-1][0] or score > out[-1][1]):
            raise ValidationError(message)
        out.append([share, score])
    return out


@audited
@transaction.atomic
def dimensions_save(*, actor: Actor, school, weights: dict[int, object]) -> list[Dimension]:
    """Set the weights of all the school's dimensions at once ({dimension id: weight}); they must add up to 100."""
    actor.require("evaluation.indicators.manage")
    if school.pk != actor.school.pk:
        raise Http404
    dims = list(Dimension.objects.select_for_update().filter(school=school))
    if set(weights) - {d.pk for d in dims}:
        raise ValidationError(_("A dimension is not of this school."))
    new = {d.pk: _weight(weights.get(d.pk, d.weight), d.name) for d in dims}
    check_sum(list(new.values()), _("the dimensions"))
    for d in dims:
        if d.weight != new[d.pk]:
            d.weight = new[d.pk]
            d.save(update_fields=["weight"])
    return dims


@audited
@transaction.atomic
def indicators_save(*, actor: Actor, dimension: Dimension, changes: dict[int, dict]) -> list[Indicator]:
    """Edit a dimension's indicators at once ({indicator id: {name, target, weight, bands, active}}, any of them);
    the weights of its indicators in use must add up to 100."""
    actor.require("evaluation.indicators.manage")
    same_school(actor, dimension)
    items = list(Indicator.objects.select_for_update().filter(dimension=dimension))
    if set(changes) - {i.pk for i in items}:
        raise ValidationError(_("An indicator is not of this dimension."))
    for item in items:
        change = changes.get(item.pk, {})
        if "name" in change:
            name = str(change["name"] or "").strip()
            if not name or len(name) > 60:
                raise ValidationError(_("An indicator needs a name of at most 60 characters."))
            item.name = name
        if "target" in change:
            target = change["target"]
            if target in (None, ""):
                item.target = None
            else:
                try:
                    item.target = Decimal(str(target)).quantize(Decimal("0.01"))
                except (InvalidOperation, ValueError):
                    raise ValidationError(_("%(name)s: the target is not a number.") % {"name": item.name}) from None
                if not item.target.is_finite() or item.target < 0 or item.target > Decimal("9999999"):
                    raise ValidationError(_("%(name)s: the target is out of range.") % {"name": item.name})
        if "weight" in change:
            item.weight = _weight(change["weight"], item.name)
        if "bands" in change:
            item.bands = check_bands(change["bands"])
        if "active" in change:
            item.active = bool(change["active"])
    check_sum([i.weight for i in items if i.active], _("the indicators in use of %(dimension)s")
              % {"dimension": dimension.name})
    for item in items:
        item.save()
    return items


# --- snapshots -------------------------------------------------------------------------------------------------


def write_snapshot(school, year: SchoolYear, period: str, by=None) -> list[Snapshot]:
    """Compute every indicator in use for the period and store it, copying names and weights (replacing any rows of
    that period). No permission check: the services and the daily job call it."""
    start, end = periods.bounds(year, period)
    items = list(Indicator.objects.filter(school=school, active=True).select_related("dimension"))
    Snapshot.objects.filter(school=school, school_year=year, period=period).delete()
    now = timezone.now()
    rows = []
    for item in items:
        fig = formulas.compute(item.formula, school, start, end)
        found = formulas.REGISTRY.get(item.formula)
        rows.append(Snapshot(
            school=school, school_year=year, year_name=year.name, period=period, indicator_code=item.code,
            dimension_code=item.dimension.code, name=item.name, dimension_name=item.dimension.name,
            unit=found.unit if found else "", value=fig.value, numerator=fig.numerator,
            denominator=fig.denominator, target=item.target, score=scoring.score(fig.value, item.target, item.bands),
            weight=item.weight, dimension_weight=item.dimension.weight, taken_at=now, taken_by=by))
    return Snapshot.objects.bulk_create(rows)


@audited
@transaction.atomic
def snapshot_take(*, actor: Actor, school_year: SchoolYear, period: str, retake: bool = False,
                  today: dt.date | None = None) -> list[Snapshot]:
    """Fix the figures of an ended period. A period already fixed is refused unless `retake` (the director only),
    which replaces its rows; the change history keeps both."""
    actor.require("evaluation.indicators.manage")
    same_school(actor, school_year)
    if period not in Period.values:
        raise ValidationError(_("Choose the first term, the second term or the whole year."))
    today = today or timezone.localdate()
    _start, end = periods.bounds(school_year, period)
    if end >= today:
        raise ValidationError(_("The period has not ended yet: its figures can still change."))
    exists = Snapshot.objects.filter(school=actor.school, school_year=school_year, period=period).exists()
    if exists and not retake:
        raise ValidationError(_("The figures of this period are fixed already. Only the director may take them "
                                "again."))
    if exists and not actor.can("evaluation.indicators.retake"):
        raise ValidationError(_("Only the director may take the figures of a fixed period again."))
    indicators_ensure_defaults(actor.school)
    return write_snapshot(actor.school, school_year, period, by=actor.user)


def snapshots_due(school, today: dt.date | None = None) -> list[tuple[SchoolYear, str]]:
    """The periods of the school that have ended without a snapshot (the daily job takes them); the last two years
    only, so a school's old years are not filled in afterwards with today's data."""
    today = today or timezone.localdate()
    have = set(Snapshot.objects.filter(school=school).values_list("school_year_id", "period").distinct())
    out = []
    for year in SchoolYear.objects.filter(school=school, start__lte=today).order_by("-start")[:2]:
        for period in Period.values:
            if (year.pk, period) not in have and periods.bounds(year, period)[1] < today:
                out.append((year, period))
    return out


def snapshots_take_due(today: dt.date | None = None) -> dict[str, list[str]]:
    """The daily job: every school's ended periods without a snapshot. Safe to run twice: a taken period is never
    taken again here."""
    from xinhuo.core.models import School

    done: dict[str, list[str]] = {}
    for school in School.objects.all().order_by("pk"):
        if not Indicator.objects.filter(school=school).exists():
            continue
        for year, period in snapshots_due(school, today):
            with transaction.atomic():
                write_snapshot(school, year, period)
            done.setdefault(school.code, []).append(f"{year.name}:{period}")
    return done


def live_figures_warm(today: dt.date | None = None) -> int:
    """The frequent job: each school's current year, whole and its running term, computed and kept for the pages
    (formulas.KEPT_SECONDS); a period already fixed reads its snapshot and needs nothing. Writes no row."""
    from xinhuo.core.models import School
    from xinhuo.core.selectors import current_school_year

    today = today or timezone.localdate()
    kept = 0
    for school in School.objects.filter(pk__in=Indicator.objects.values("school_id")).order_by("pk"):
        year = current_school_year(school)
        if year is None:
            continue
        keys = [i.formula for i in Indicator.objects.filter(school=school, active=True)]
        for period in {Period.YEAR, periods.current_period(year, today)}:
            start, end = periods.bounds(year, period)
            formulas.keep_fresh(keys, school, start, end)
            kept += len(keys)
    return kept
