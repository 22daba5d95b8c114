"""The demo school's plan: adopted, from the 综合 template, tasks by department, some done, some under way, a few
overdue; the moral education office's head (depthead) finds them on their list."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.access import build_actor
from xinhuo.core.models import Notification
from xinhuo.plans import selectors
from xinhuo.plans.demo import build_plans
from xinhuo.plans.models import PlanStatus, PlanTask, TaskStatus, TaskUpdate
from xinhuo.plans.templates_data import TEMPLATES

from .helpers import dept_head

TODAY = dt.date(2026, 12, 1)


def test_demo_plan(world):
    head = dept_head(world)
    plan = build_plans(world.school, TODAY, world.users["director"])
    assert plan.status == PlanStatus.ADOPTED and plan.template == "general" and plan.year == 2026
    tasks = list(PlanTask.objects.filter(plan=plan))
    assert len(tasks) == sum(len(s["tasks"]) for s in TEMPLATES["general"]["sections"])
    statuses = {t.status for t in tasks}
    assert {TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED} <= statuses
    assert all(t.owner_id for t in tasks)
    assert TaskUpdate.objects.filter(task__plan=plan).count() == sum(t.status != TaskStatus.NOT_STARTED for t in tasks)
    theirs = selectors.tasks(build_actor(head), "department", today=TODAY)
    assert theirs.count() == PlanTask.objects.filter(plan=plan, departments=world.department).count() > 0
    assert selectors.tasks(build_actor(head), "department", overdue=True, today=TODAY).count() >= 2
    assert all(t.owner == head for t in theirs if [d.kind for d in t.departments.all()][0] == "moral_education")
    assert Notification.objects.filter(recipient=head).exists()  # told of their tasks on adoption


def test_demo_without_a_director_builds_nothing(world):
    assert build_plans(world.school, TODAY, None) is None
    assert build_plans(world.school, TODAY, world.users["counsellor"]) is None
    assert not PlanTask.objects.exists()
