"""The home page's work plan panels: the year's plan per section as a chart and its overdue tasks (the committee;
a department head for the tasks they or their department own), every owner's tasks due soon; nothing for the roles
that own nothing there; a constant number of queries however many tasks the plan holds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xinhuo.core.access import build_actor
from xinhuo.plans import selectors
from xinhuo.plans.models import PlanTask, TaskStatus

from .helpers import a_plan, dept_head

TODAY = dt.date(2026, 12, 1)  # conftest.plans_today
LATER = dt.date(2027, 6, 30)


def home(world, persona: str) -> str:
    if persona == "depthead":
        c = Client()
        c.force_login(dept_head(world), backend="xinhuo.core.auth.UsernameOrMobileBackend")
    else:
        c = world.client(persona)
    r = c.get("/")
    assert r.status_code == 200
    return r.content.decode()


def tasks_by_section(plan) -> list[list[PlanTask]]:
    return [list(s.tasks.order_by("order", "pk")) for s in plan.sections.order_by("order", "pk")]


def known_plan(world):
    """The 综合 plan with known progress: everything not started and due in June, then in section 一 (三、 in the
    document) one task done and one overdue since 1 November, in section 二 one in progress on time, one overdue
    not started, one dropped."""
    plan = a_plan(world)
    PlanTask.objects.filter(plan=plan).update(status=TaskStatus.NOT_STARTED, percent=0, deadline=LATER, owner=None)
    s = tasks_by_section(plan)
    PlanTask.objects.filter(pk=s[0][0].pk).update(status=TaskStatus.DONE, percent=100)
    PlanTask.objects.filter(pk=s[0][1].pk).update(status=TaskStatus.IN_PROGRESS, percent=40,
                                                  deadline=dt.date(2026, 11, 1), owner=world.users["leader"])
    PlanTask.objects.filter(pk=s[1][0].pk).update(status=TaskStatus.IN_PROGRESS, percent=20)
    PlanTask.objects.filter(pk=s[1][1].pk).update(deadline=dt.date(2026, 11, 25))
    PlanTask.objects.filter(pk=s[1][2].pk).update(status=TaskStatus.DROPPED)
    return plan, s


def series(spec) -> dict[str, list[int]]:
    """The chart's series by what they count (their labels are translated): overdue first, drawn in red."""
    keys = ("overdue", "in_progress", "not_started", "done")
    assert len(spec["series"]) == len(keys)
    return {k: s["values"] for k, s in zip(keys, spec["series"], strict=True)}


def test_the_committee_sees_the_year_per_section_and_the_overdue_tasks(world):
    plan, s = known_plan(world)
    data = selectors.dashboard_plans(world.actor("director"))
    spec = data["progress"]["spec"]
    assert spec["kind"] == "stacked" and spec["id"] == "plan-progress-chart"
    assert len(spec["categories"]) == len(s) and spec["categories"][0].startswith("三、")
    assert series(spec) == {
        "overdue": [1, 1, 0, 0, 0],
        "in_progress": [0, 1, 0, 0, 0],
        "not_started": [0, 0, len(s[2]), len(s[3]), len(s[4])],
        "done": [1, 0, 0, 0, 0],
    }
    total = sum(len(x) for x in s) - 1  # the dropped task aside
    assert data["progress"]["total"] == total and data["overdue_count"] == 2
    # the most overdue first, with its owner and deadline
    assert [t.pk for t in data["overdue"]] == [s[0][1].pk, s[1][1].pk]
    assert data["overdue"][0].days_late == 30 and data["overdue"][0].owner == world.users["leader"]

    page = home(world, "director")
    assert 'id="plan-progress-chart"' in page and 'id="plan-progress-panel"' in page
    table = page.split('data-for="plan-progress-chart"', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r'<tr><th scope="row"', table)) == len(s)  # the fallback: one row per section
    assert f'data-task="{s[0][1].pk}"' in page and f'data-task="{s[1][1].pk}"' in page
    assert 'data-figure="plan-overdue">2<' in page
    assert "/plans/tasks/?scope=all&amp;overdue=on" in page
    assert f'/plans/{plan.pk}/' in page


def test_a_department_head_sees_what_they_or_their_department_own(world):
    head = dept_head(world)
    plan, s = known_plan(world)
    theirs = set(PlanTask.objects.filter(plan=plan, departments=world.department).values_list("pk", flat=True))
    assert s[0][1].pk in theirs and s[2][0].pk not in theirs  # 德育处 owns the first, not the third section
    PlanTask.objects.filter(pk=s[2][0].pk).update(owner=head, deadline=dt.date(2026, 11, 30))  # owned, overdue
    data = selectors.dashboard_plans(build_actor(head))
    watched = theirs | {s[2][0].pk}
    spec = data["progress"]["spec"]
    shown = [i for i, sec in enumerate(s) if any(t.pk in watched for t in sec)]
    assert len(spec["categories"]) == len(shown)
    counted = sum(sum(v) for v in series(spec).values())
    assert counted == len(watched - {s[1][2].pk})  # the dropped task is not counted
    assert {t.pk for t in data["overdue"]} == {s[0][1].pk, s[1][1].pk, s[2][0].pk} & watched
    assert data["overdue_scope"] == "department"
    page = home(world, "depthead")
    assert 'id="plan-progress-chart"' in page and "scope=department&amp;overdue=on" in page


def test_an_owner_sees_their_tasks_due_soon(world):
    plan, s = known_plan(world)
    teacher = world.users["head_teacher_b"]
    PlanTask.objects.filter(pk=s[3][0].pk).update(owner=teacher, deadline=TODAY + dt.timedelta(days=10))
    PlanTask.objects.filter(pk=s[3][1].pk).update(owner=teacher, deadline=dt.date(2026, 11, 20))  # overdue
    PlanTask.objects.filter(pk=s[4][0].pk).update(owner=teacher, deadline=LATER)  # not soon
    PlanTask.objects.filter(pk=s[4][1].pk).update(owner=teacher, deadline=TODAY, status=TaskStatus.DONE)
    data = selectors.dashboard_plans(world.actor("head_teacher_b"))
    assert set(data) == {"today", "due_soon"}  # no chart, no overdue list: not the committee nor a department head
    assert [t.pk for t in data["due_soon"]] == [s[3][1].pk, s[3][0].pk]
    assert data["due_soon"][1].days_left == 10 and data["due_soon"][0].overdue
    page = home(world, "head_teacher_b")
    assert 'id="plan-due-soon-panel"' in page and f'data-task="{s[3][0].pk}"' in page
    assert f'data-task="{s[4][0].pk}"' not in page
    assert "plan-progress-chart" not in page and "plan-overdue-panel" not in page
    # the committee's own overdue tasks are in its overdue list, so its "due soon" keeps the coming ones
    PlanTask.objects.filter(pk=s[3][0].pk).update(owner=world.users["leader"])
    leader = selectors.dashboard_plans(world.actor("leader"))
    assert [t.pk for t in leader["due_soon"]] == [s[3][0].pk]


@pytest.mark.parametrize("persona", ["parent_x", "student_x", "elder"])
def test_no_plan_panel_for_those_who_own_nothing_there(world, persona):
    known_plan(world)
    assert selectors.dashboard_plans(world.actor(persona)) is None
    page = home(world, persona)
    assert "plan-progress" not in page and "plan-overdue-panel" not in page and "plan-due-soon-panel" not in page


def test_another_schools_director_does_not_see_this_schools_plan(world):
    known_plan(world)
    assert selectors.dashboard_plans(world.actor("outsider")) == {"today": TODAY, "no_plan": True}


def test_a_staff_member_without_tasks_has_no_panel_and_the_committee_hears_of_a_missing_plan(world):
    known_plan(world)
    assert selectors.dashboard_plans(world.actor("counsellor")) is None
    PlanTask.objects.all().delete()
    assert "progress" not in selectors.dashboard_plans(world.actor("director"))
    from xinhuo.plans.models import WorkPlan

    WorkPlan.objects.all().delete()
    a_plan(world, adopted=False)  # this year's plan is still a draft
    assert selectors.dashboard_plans(world.actor("director")) == {"today": TODAY, "no_plan": True}
    assert "data-no-plan" in home(world, "director")
    last_year = a_plan(world, year=2025, title="去年的计划")
    assert last_year.status == "adopted"
    assert "progress" not in selectors.dashboard_plans(world.actor("director"))  # last year's plan is not this year's


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["director", "depthead", "head_teacher_b"])
def test_home_page_queries_do_not_grow_with_the_plan(world, persona):
    head = dept_head(world)
    plan, s = known_plan(world)
    teacher = world.users["head_teacher_b"]
    PlanTask.objects.filter(pk=s[3][0].pk).update(owner=teacher, deadline=TODAY + dt.timedelta(days=3))
    PlanTask.objects.filter(pk=s[4][0].pk).update(owner=head, deadline=TODAY + dt.timedelta(days=3))
    c = Client()
    c.force_login(head if persona == "depthead" else world.users[persona],
                  backend="xinhuo.core.auth.UsernameOrMobileBackend")
    _queries(c)  # warm-up
    few = _queries(c)
    director = world.actor("director")
    from xinhuo.plans import services

    for section in plan.sections.all():
        for i in range(6):
            t = services.task_create(actor=director, section=section, title=f"追加任务{i}", owner=teacher,
                                     departments=[world.department])
            PlanTask.objects.filter(pk=t.pk).update(
                owner=head if i % 2 else teacher, deadline=TODAY + dt.timedelta(days=i * 7 - 14),
                status=TaskStatus.IN_PROGRESS if i % 3 else TaskStatus.NOT_STARTED)
    assert _queries(c) == few
