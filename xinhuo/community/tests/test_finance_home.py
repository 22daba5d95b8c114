"""The finance officer's home page (issue 20): this school year's activity budget requests per month, held and to
come (a chart; applications not yet approved, other years and other schools left out), the coming activities with a
budget, the bursaries approved and waiting to be paid with their amount — and never a list of students. Nobody else
gets the budget panels; their queries do not grow with the activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.community.budgets.selectors import budget_panel
from xinhuo.community.bursaries import services as bursary_services

from .bursaries_support import make_fund, propose

pytestmark = pytest.mark.django_db

S = ActivityStatus
OTHERS = ("admin", "director", "leader", "head_teacher_a", "counsellor", "elder", "parent_x", "student_x")


def on(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def budgeted(world, title: str, day: dt.date, amount: str, status=S.APPROVED, school=None) -> Activity:
    a = h.make(world, title, status=status, starts_at=on(day), ends_at=on(day, 17), budget_request=Decimal(amount))
    if school is not None:
        Activity.objects.filter(pk=a.pk).update(school=school)
    return a


def year_day(world, days: int) -> dt.date:
    return world.year.start + dt.timedelta(days=days)


def test_finance_sees_the_years_budget_requests_per_month_held_and_to_come(world):
    budgeted(world, "开学典礼", year_day(world, 2), "1200", S.ARCHIVED)  # 2026-09, held
    budgeted(world, "国庆诗会", year_day(world, 30), "800", S.SUMMARISED)  # 2026-10, held
    budgeted(world, "秋季研学", year_day(world, 35), "3000.50", S.APPROVED)  # 2026-10, approved
    budgeted(world, "春季运动会", year_day(world, 200), "5000", S.APPROVED)  # 2027-03, to come
    budgeted(world, "待审批活动", year_day(world, 201), "9999", S.APPLIED)  # not approved: not finance's yet
    budgeted(world, "被驳回活动", year_day(world, 202), "7777", S.REJECTED)
    budgeted(world, "去年的活动", world.year.start - dt.timedelta(days=20), "6666", S.ARCHIVED)
    budgeted(world, "外校活动", year_day(world, 40), "5555", S.APPROVED, school=world.other)
    panel = budget_panel(world.actor("finance"))
    spec = panel["chart"]
    assert spec["kind"] == "stacked" and spec["categories"][0] == "2026-09" and spec["categories"][-1] == "2027-07"
    held, coming = ({m: v for m, v in zip(spec["categories"], s["values"], strict=True) if v} for s in spec["series"])
    assert held == {"2026-09": 1200, "2026-10": 800}
    assert coming == {"2026-10": 3000, "2027-03": 5000}
    assert panel["held"] == Decimal("2000") and panel["coming"] == Decimal("8000.50")
    html = world.client("finance").get("/").content.decode()
    assert 'id="budgets-chart-panel"' in html and 'data-chart-for="budgets-per-month"' in html
    assert 'id="budgets-panel"' in html and "9999" not in html and "5555" not in html


def test_the_coming_activities_with_a_budget_soonest_first(world):
    later = budgeted(world, "春季运动会", timezone.localdate() + dt.timedelta(days=20), "5000")
    soon = budgeted(world, "法治讲座", timezone.localdate() + dt.timedelta(days=3), "300")
    budgeted(world, "无预算活动", timezone.localdate() + dt.timedelta(days=4), "0")
    budgeted(world, "已结束", timezone.localdate() - dt.timedelta(days=3), "900", S.SUMMARISED)
    assert [a.pk for a in budget_panel(world.actor("finance"))["next"]] == [soon.pk, later.pk]


def test_finance_sees_what_waits_to_be_paid_and_no_student(world):
    fund = make_fund(world)
    for student, amount in ((world.student_x, "500"), (world.student_y, "300")):
        grant = propose(world, fund, student, amount=amount)
        bursary_services.grant_step(actor=world.actor("director"), grant=grant, action="approve")
    # applied: the committee's to approve, not finance's to pay
    propose(world, fund, world.student_z, amount="200", persona="director")
    html = world.client("finance").get("/").content.decode()
    assert 'data-figure="bursaries-waiting"' in html and 'data-figure="bursaries-to-pay">¥800.00<' in html
    for student in (world.student_x, world.student_y, world.student_z):
        assert student.name not in html
    director = world.client("director").get("/").content.decode()
    assert 'data-figure="bursaries-to-pay"' not in director  # the committee approves; finance pays


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_gets_the_budget_panels(world, persona):
    budgeted(world, "春季运动会", year_day(world, 200), "5000")
    assert budget_panel(world.actor(persona)) is None
    html = world.client(persona).get("/").content.decode()
    assert 'id="budgets-chart-panel"' not in html and 'id="budgets-panel"' not in html


def _queries(world) -> int:
    actor = world.actor("finance")
    with CaptureQueriesContext(connection) as ctx:
        panel = budget_panel(actor)
        render_to_string("community/budgets/panels/chart.html", {"panel": panel})
        render_to_string("community/budgets/panels/coming.html", {"panel": panel})
    return len(ctx.captured_queries)


def test_the_queries_do_not_grow_with_the_activities(world):
    budgeted(world, "活动0", timezone.localdate() + dt.timedelta(days=2), "100")
    small = _queries(world)
    for i in range(1, 10):
        budgeted(world, f"活动{i}", timezone.localdate() + dt.timedelta(days=2 + i * 9), "100",
                 S.APPROVED if i % 2 else S.ARCHIVED)
    assert _queries(world) == small
