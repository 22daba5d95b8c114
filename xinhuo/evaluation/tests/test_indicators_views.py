"""The indicators' pages and API: the overview by dimension with a constant query count, an indicator with its
trend and its drill-down (this school's records only), a fixed period with its correction shown, the settings
refusing a level whose weights do not add up to 100 (nothing changed), the API's figures and edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinhuo.core.models import SchoolYear
from xinhuo.core.tests.helpers import page_queries
from xinhuo.evaluation.indicators import services
from xinhuo.evaluation.models import Dimension, Indicator, Snapshot
from xinhuo.plans.models import PlanTask

from . import indicators_support as s
from .test_indicators_services import AFTER_TERM1, plan_task

pytestmark = pytest.mark.django_db


def home_url(world, period="year"):
    return reverse("evaluation:indicators-home") + f"?year={world.year.pk}&period={period}"


def more_rows(world, n: int = 10) -> None:
    """More of every kind of record the formulas count (activities with attendance, plan tasks)."""
    plan = PlanTask.objects.filter(plan__school=world.school, plan__status="adopted").first()
    for i in range(n):
        a = s.activity(world.school, world.users["director"], f"活动{i}", "summarised", 5 + i)
        a.signups.create(kind="student", student=world.student_z, status="signed_up", checked_in_at=a.starts_at)
        PlanTask.objects.create(plan=plan.plan, section=plan.section, title=f"任务{i}", status="done",
                                deadline=s.day(3 + i))


def test_the_overview_shows_every_dimension_and_keeps_a_constant_query_count(world):
    SchoolYear.objects.filter(pk=world.year.pk).update(start=s.day(100), end=s.day(-100))  # around the records
    client = world.client("director")
    assert client.get(home_url(world)).status_code == 200  # creates the defaults
    s.small_school(world)
    cache.clear()  # the live figures are kept KEPT_SECONDS: computed again from here
    few = page_queries(client, home_url(world))
    more_rows(world)
    cache.clear()
    r = client.get(home_url(world))
    html = r.content.decode()
    for code in ("org", "team", "activities", "care", "family_community", "safeguards", "results"):
        assert f'data-dimension="{code}"' in html
    assert r.context["data"]["total"] is not None
    # 工作成效 has no survey yet: left out of the chart, never drawn as 0
    assert r.context["data"]["chart"]["categories"] == ["组织建设", "队伍建设", "活动开展", "关爱帮扶", "家校社协同",
                                                        "保障措施"]
    cache.clear()
    assert page_queries(client, home_url(world)) <= few


def test_live_figures_are_kept_a_few_minutes_then_computed_again(world):
    SchoolYear.objects.filter(pk=world.year.pk).update(start=s.day(100), end=s.day(-100))
    client = world.client("director")
    assert client.get(home_url(world)).context["data"]["total"] is None  # nothing yet: no data, kept
    s.small_school(world)
    assert client.get(home_url(world)).context["data"]["total"] is None  # within KEPT_SECONDS: the kept figures
    cache.clear()  # as when they expire (formulas.KEPT_SECONDS)
    assert client.get(home_url(world)).context["data"]["total"] is not None


def test_no_data_yet_rather_than_zero(world):
    r = world.client("leader").get(home_url(world))
    assert r.status_code == 200
    assert r.context["data"]["total"] is None
    assert 'data-no-data' in r.content.decode()


def test_the_detail_shows_the_figure_trend_and_this_schools_records_only(world):
    s.activities(world)
    services.indicators_ensure_defaults(world.school)
    item = Indicator.objects.get(school=world.school, code="activities_held")
    around = SchoolYear.objects.create(school=world.school, name="近期", start=s.day(100), end=s.day(-100))
    year_q = f"?year={around.pk}&period=year"
    r = world.client("director").get(reverse("evaluation:indicators-detail", args=[item.pk]) + year_q)
    assert r.status_code == 200
    assert r.context["figure"].value == Decimal("50.00")
    assert [row["label"] for row in r.context["page"]] == ["法治讲座", "消防演练"]
    assert "外校活动" not in r.content.decode()
    assert r.context["trend"]["chart"]["kind"] == "line"
    other = Indicator.objects.get(school=world.school, code="plan_completion")
    assert world.client("outsider").get(reverse("evaluation:indicators-detail", args=[other.pk])).status_code == 404


def test_a_fixed_period_shows_the_correction_on_the_overview_and_the_detail(world):
    services.indicators_ensure_defaults(world.school)
    task = plan_task(world)
    services.snapshot_take(actor=world.actor("director"), school_year=world.year, period="term1", today=AFTER_TERM1)
    PlanTask.objects.filter(pk=task.pk).update(status="in_progress")
    client = world.client("director")
    html = client.get(home_url(world, "term1")).content.decode()
    assert 'id="corrections"' in html and "data-corrected" in html
    item = Indicator.objects.get(school=world.school, code="plan_completion")
    r = client.get(reverse("evaluation:indicators-detail", args=[item.pk]) + f"?year={world.year.pk}&period=term1")
    assert r.context["snapshot"].value == Decimal("100.00")
    assert r.context["figure"].value == Decimal("0.00")
    assert r.context["corrected"] and 'id="corrected"' in r.content.decode()


def test_the_settings_refuse_a_level_not_adding_up_to_100_and_change_nothing(world):
    client = world.client("leader")
    client.get(reverse("evaluation:indicators-settings"))
    dims = list(Dimension.objects.filter(school=world.school).order_by("order"))
    data = {f"weight_{d.pk}": str(d.weight) for d in dims}
    data[f"weight_{dims[0].pk}"] = "30"
    r = client.post(reverse("evaluation:indicators-settings"), data)
    assert r.status_code == 400 and 'id="form-errors"' in r.content.decode()
    assert Dimension.objects.get(pk=dims[0].pk).weight == Decimal("10")
    data[f"weight_{dims[1].pk}"] = "0"
    data[f"weight_{dims[2].pk}"] = "10"
    r = client.post(reverse("evaluation:indicators-settings"), data)
    assert r.status_code == 302
    assert Dimension.objects.get(pk=dims[0].pk).weight == Decimal("30")

    org = dims[0]
    items = list(org.indicators.order_by("order"))
    form = {}
    for i in items:
        form |= {f"name_{i.pk}": i.name, f"target_{i.pk}": "90", f"weight_{i.pk}": "50", f"bands_{i.pk}": "[[1, 100]]",
                 f"active_{i.pk}": "on"}
    url = reverse("evaluation:indicators-settings-dimension", args=[org.pk])
    assert client.post(url, form | {f"bands_{items[0].pk}": "nonsense"}).status_code == 400
    assert client.post(url, form | {f"weight_{items[0].pk}": "60"}).status_code == 400
    assert Indicator.objects.get(pk=items[0].pk).weight == Decimal("60")  # unchanged
    assert client.post(url, form).status_code == 302
    assert set(Indicator.objects.filter(dimension=org).values_list("weight", flat=True)) == {Decimal("50")}


def test_the_snapshot_page_refuses_a_running_period(world):
    client = world.client("director")
    client.get(home_url(world))
    r = client.post(reverse("evaluation:indicators-snapshots"), {"year": world.year.pk, "period": "year"})
    assert r.status_code == 302
    assert not Snapshot.objects.exists()


def test_the_api_reads_figures_and_edits_with_the_same_validation(world):
    client = world.client("director")
    data = client.get(reverse("api:evaluation-indicator-figures") + f"?year={world.year.pk}&period=term1").json()
    assert data["period"] == "term1" and len(data["rows"]) == 18 and data["total"] is None
    item = Indicator.objects.get(school=world.school, code="plan_completion")
    url = reverse("api:evaluation-indicator-detail", args=[item.pk])
    r = client.patch(url, {"weight": "70"}, content_type="application/json")
    assert r.status_code == 400 and "100" in r.json()["detail"][0]
    r = client.patch(url, {"target": "75", "name": "计划完成率"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["target"] == "75.00"
    org = item.dimension
    rect = Indicator.objects.get(school=world.school, code="rectification_closed")
    r = client.post(reverse("api:evaluation-dimension-indicators", args=[org.pk]),
                    {"changes": {str(item.pk): {"weight": "70"}, str(rect.pk): {"weight": "30"}}},
                    content_type="application/json")
    assert r.status_code == 200
    assert Indicator.objects.get(pk=item.pk).weight == Decimal("70")
    dims = {d.code: d.pk for d in Dimension.objects.filter(school=world.school)}
    r = client.post(reverse("api:evaluation-dimension-weights"), {"weights": {str(dims["org"]): "15"}},
                    content_type="application/json")
    assert r.status_code == 400
    r = client.post(reverse("api:evaluation-dimension-weights"),
                    {"weights": {str(dims["org"]): "15", str(dims["team"]): "5"}}, content_type="application/json")
    assert r.status_code == 200
    assert world.client("counsellor").get(reverse("api:evaluation-indicator-list")).status_code == 404


def test_the_home_panel_shows_the_committee_the_dimension_scores(world):
    from django.core.cache import cache

    cache.clear()
    assert world.client("director").get("/").context is not None
    from xinhuo.evaluation.indicators.selectors import home_panel

    assert home_panel(world.actor("counsellor")) is None
    services.indicators_ensure_defaults(world.school)
    panel = home_panel(world.actor("leader"))
    assert panel["chart"]["kind"] == "hbar" and panel["chart"]["empty"]  # no data yet: the chart says so
    assert 'id="evaluation-dimensions-panel"' in world.client("director").get("/").content.decode()
    assert 'id="evaluation-dimensions-panel"' not in world.client("counsellor").get("/").content.decode()


def test_reading_the_overview_writes_nothing_once_the_system_exists(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("director")
    client.get(home_url(world))  # the first visit creates the default system
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(home_url(world)).status_code == 200
    assert [q["sql"] for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")] == []


def test_the_trend_builds_up_month_by_month(world):
    services.indicators_ensure_defaults(world.school)
    task = plan_task(world)  # done, due 10 October 2026
    PlanTask.objects.create(plan=task.plan, section=task.section, title="总结", status="in_progress",
                            deadline=dt.date(2026, 11, 20))
    from xinhuo.evaluation.indicators.selectors import trend

    item = Indicator.objects.get(school=world.school, code="plan_completion")
    found = trend(item, world.school, dt.date(2026, 9, 1), dt.date(2027, 1, 20), today=dt.date(2026, 12, 5))
    assert found["chart"]["categories"] == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert [v for _m, v in found["points"]] == [None, Decimal("100.00"), Decimal("50.00"), Decimal("50.00")]


def test_the_frequent_job_keeps_the_current_years_figures_warm_for_the_overview(world):
    from xinhuo.evaluation.indicators.services import live_figures_warm

    SchoolYear.objects.filter(pk=world.year.pk).update(start=s.day(100), end=s.day(-100), is_current=True)
    client = world.client("director")
    assert client.get(home_url(world)).status_code == 200  # the defaults
    s.small_school(world)
    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert client.get(home_url(world)).status_code == 200
        return len(done)

    cache.clear()
    cold = queries()
    cache.clear()
    assert live_figures_warm() == 2 * Indicator.objects.filter(school=world.school, active=True).count()
    warm = queries()
    assert warm < cold - 10  # the formulas' aggregate queries were done by the job
    assert client.get(home_url(world)).context["data"]["total"] is not None
