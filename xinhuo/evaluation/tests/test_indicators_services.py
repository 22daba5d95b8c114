"""The indicator system's services: the defaults (weights adding up to 100 per level, idempotent), the committee's
edits of a level (refused with a reason and nothing changed when a sum is not 100), scoring, periods, and the
snapshots: stable after a correction, refused when taken twice unless the director retakes, the daily job."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from xinhuo.core.models import SchoolYear, Term
from xinhuo.evaluation.indicators import periods, scoring, selectors, services
from xinhuo.evaluation.models import Dimension, Indicator, Snapshot
from xinhuo.plans.models import PlanSection, PlanTask, WorkPlan

pytestmark = pytest.mark.django_db

D = Decimal
AFTER_TERM1 = dt.date(2027, 2, 1)  # the world's first term ends on 20 January 2027


def defaults(world):
    services.indicators_ensure_defaults(world.school)
    return list(Dimension.objects.filter(school=world.school).order_by("order"))


def test_defaults_sum_to_100_per_level_and_are_created_once(world):
    dims = defaults(world)
    assert [d.code for d in dims] == ["org", "team", "activities", "care", "family_community", "safeguards",
                                      "results"]
    assert sum(d.weight for d in dims) == 100
    for d in dims:
        assert sum(i.weight for i in d.indicators.filter(active=True)) == 100, d.code
    count = Indicator.objects.filter(school=world.school).count()
    assert count == 18
    assert services.indicators_ensure_defaults(world.school) is False
    assert Indicator.objects.filter(school=world.school).count() == count
    assert not Indicator.objects.filter(school=world.other).exists()


def test_dimension_weights_must_sum_to_100_and_a_refusal_changes_nothing(world):
    dims = defaults(world)
    actor = world.actor("director")
    with pytest.raises(ValidationError) as refused:
        services.dimensions_save(actor=actor, school=world.school, weights={dims[0].pk: "20"})
    assert "110" in refused.value.messages[0]
    assert Dimension.objects.get(pk=dims[0].pk).weight == D("10")
    services.dimensions_save(actor=actor, school=world.school, weights={dims[0].pk: "20", dims[1].pk: "0"})
    assert Dimension.objects.get(pk=dims[0].pk).weight == D("20")
    for bad in ("-1", "abc", "101"):
        with pytest.raises(ValidationError):
            services.dimensions_save(actor=actor, school=world.school, weights={dims[0].pk: bad})


def test_indicator_level_sums_only_the_indicators_in_use(world):
    org = defaults(world)[0]
    plan, rect = org.indicators.order_by("order")
    actor = world.actor("leader")
    with pytest.raises(ValidationError):
        services.indicators_save(actor=actor, dimension=org, changes={plan.pk: {"weight": "50"}})
    with pytest.raises(ValidationError):  # taking one out of use leaves 60
        services.indicators_save(actor=actor, dimension=org, changes={rect.pk: {"active": False}})
    services.indicators_save(actor=actor, dimension=org, changes={
        plan.pk: {"weight": "100", "name": "计划完成", "target": "80", "bands": [[1, 100], [0.5, 50], [0, 0]]},
        rect.pk: {"active": False}})
    plan.refresh_from_db()
    rect.refresh_from_db()
    assert (plan.weight, plan.name, plan.target, plan.bands, rect.active) == (
        D("100"), "计划完成", D("80"), [[1.0, 100.0], [0.5, 50.0], [0.0, 0.0]], False)


@pytest.mark.parametrize("bands", [[], [[0.5, 50], [1, 100]], [[1, 100], [0.5, 120]], "x", [[1]], [[True, 1]]])
def test_bad_score_bands_are_refused(world, bands):
    org = defaults(world)[0]
    plan = org.indicators.order_by("order").first()
    with pytest.raises(ValidationError):
        services.indicators_save(actor=world.actor("director"), dimension=org, changes={plan.pk: {"bands": bands}})
    assert Indicator.objects.get(pk=plan.pk).bands == services.DEFAULT_BANDS


def test_only_the_committee_edits_and_never_another_schools_system(world):
    dims = defaults(world)
    with pytest.raises(Http404):
        services.dimensions_save(actor=world.actor("counsellor"), school=world.school, weights={})
    with pytest.raises(Http404):
        services.indicators_save(actor=world.actor("outsider"), dimension=dims[0], changes={})


def test_scores_from_bands_and_weights():
    bands = [[1, 100], [0.8, 80], [0, 0]]
    assert scoring.score(D("95"), D("90"), bands) == D("100.00")
    assert scoring.score(D("72"), D("90"), bands) == D("80.00")
    assert scoring.score(D("10"), D("90"), bands) == D("0.00")
    assert scoring.score(None, D("90"), bands) is None
    assert scoring.score(D("10"), None, bands) is None
    rows = [{"dimension_code": "a", "dimension_weight": D("60"), "score": D("100"), "weight": D("50")},
            {"dimension_code": "a", "dimension_weight": D("60"), "score": D("50"), "weight": D("50")},
            {"dimension_code": "b", "dimension_weight": D("40"), "score": None, "weight": D("100")}]
    # b has no data: left out, a's weight scaled up (never a 0 for a module not in use)
    assert scoring.dimension_scores(rows) == {"a": D("75.00"), "b": None}
    assert scoring.total_score(rows) == D("75.00")
    rows[2]["score"] = D("25")
    assert scoring.total_score(rows) == D("55.00")


def test_periods_from_the_terms_or_split_at_1_february(world):
    year = world.year  # one term recorded: 1 Sep - 20 Jan
    assert periods.bounds(year, "term1") == (dt.date(2026, 9, 1), dt.date(2027, 1, 20))
    assert periods.bounds(year, "term2") == (dt.date(2027, 1, 21), dt.date(2027, 7, 15))
    assert periods.bounds(year, "year") == (dt.date(2026, 9, 1), dt.date(2027, 7, 15))
    Term.objects.create(school_year=year, name="第二学期", start=dt.date(2027, 2, 20), end=dt.date(2027, 7, 10))
    assert periods.bounds(year, "term2") == (dt.date(2027, 2, 20), dt.date(2027, 7, 15))
    bare = SchoolYear.objects.create(school=world.other, name="2026-2027", start=dt.date(2026, 9, 1),
                                     end=dt.date(2027, 7, 15))
    assert periods.bounds(bare, "term1") == (dt.date(2026, 9, 1), dt.date(2027, 1, 31))
    assert len(periods.months(*periods.bounds(bare, "year"))) == 11


def plan_task(world, status="done"):
    plan = WorkPlan.objects.create(school=world.school, title="年度计划", year=2026, status="adopted")
    section = PlanSection.objects.create(plan=plan, title="一、组织建设")
    return PlanTask.objects.create(plan=plan, section=section, title="例会", status=status,
                                   deadline=dt.date(2026, 10, 10))


def test_a_snapshot_stays_when_a_record_is_corrected_and_the_live_figure_is_shown_beside_it(world):
    defaults(world)
    task = plan_task(world)
    services.snapshot_take(actor=world.actor("director"), school_year=world.year, period="term1",
                           today=AFTER_TERM1)
    taken = Snapshot.objects.get(school=world.school, period="term1", indicator_code="plan_completion")
    assert (taken.value, taken.name, taken.weight, taken.dimension_weight, taken.score) == (
        D("100.00"), "工作计划任务完成率", D("60.00"), D("10.00"), D("100.00"))
    PlanTask.objects.filter(pk=task.pk).update(status="in_progress")  # corrected afterwards
    Indicator.objects.filter(school=world.school, code="plan_completion").update(name="改名")
    rows = {r["code"]: r for r in selectors.figures(world.school, world.year, "term1", live=True)}
    row = rows["plan_completion"]
    assert (row["value"], row["from_snapshot"], row["name"], row["live"], row["corrected"]) == (
        D("100.00"), True, "工作计划任务完成率", D("0.00"), True)
    assert not rows["elder_hours"]["corrected"]  # no data then, none now


def test_taking_a_fixed_period_again_needs_the_directors_retake(world):
    defaults(world)
    task = plan_task(world)
    services.snapshot_take(actor=world.actor("leader"), school_year=world.year, period="term1", today=AFTER_TERM1)
    PlanTask.objects.filter(pk=task.pk).update(status="in_progress")
    for actor, retake in ((world.actor("leader"), False), (world.actor("leader"), True),
                          (world.actor("director"), False)):
        with pytest.raises(ValidationError):
            services.snapshot_take(actor=actor, school_year=world.year, period="term1", retake=retake,
                                   today=AFTER_TERM1)
    assert Snapshot.objects.get(period="term1", indicator_code="plan_completion").value == D("100.00")
    services.snapshot_take(actor=world.actor("director"), school_year=world.year, period="term1", retake=True,
                           today=AFTER_TERM1)
    assert Snapshot.objects.get(period="term1", indicator_code="plan_completion").value == D("0.00")
    assert Snapshot.objects.filter(period="term1").count() == 18


def test_a_running_period_is_not_fixed(world):
    defaults(world)
    with pytest.raises(ValidationError):
        services.snapshot_take(actor=world.actor("director"), school_year=world.year, period="term1",
                               today=dt.date(2027, 1, 20))
    assert not Snapshot.objects.exists()


def test_the_daily_job_fixes_ended_periods_once(world):
    defaults(world)
    assert services.snapshots_take_due(AFTER_TERM1) == {"demo": [f"{world.year.name}:term1"]}
    assert services.snapshots_take_due(AFTER_TERM1) == {}  # safe to run twice
    assert services.snapshots_take_due(dt.date(2027, 8, 1)) == {"demo": [f"{world.year.name}:term2",
                                                                        f"{world.year.name}:year"]}
    assert set(Snapshot.objects.values_list("period", flat=True)) == {"term1", "term2", "year"}
