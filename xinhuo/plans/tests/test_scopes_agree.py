"""For every persona the rules and the selectors agree: what a selector lists, the rule lets one open, and the
other way round; the task lists hold exactly the tasks one may report on (their own, their departments')."""

from __future__ import annotations

import pytest

from conftest import PERSONAS
from xinhuo.plans import selectors
from xinhuo.plans.models import PlanTask, WorkPlan
from xinhuo.plans.rules import can

from .helpers import a_plan, dept_head, first_task


@pytest.fixture
def plans(world):
    dept_head(world)
    adopted, draft = a_plan(world), a_plan(world, adopted=False, key="team")
    first_task(adopted, owner=world.users["head_teacher_a"])
    first_task(draft, owner=world.users["head_teacher_a"])
    return adopted, draft


@pytest.mark.parametrize("persona", [*PERSONAS, "depthead"])
def test_rules_and_selectors_agree(world, plans, persona):
    who = world.actor(persona)
    listed = set(selectors.plans(who).values_list("pk", flat=True))
    for plan in WorkPlan.objects.all():
        assert can(who, "view_plan", plan) == (plan.pk in listed), (persona, plan.title)
    visible = set(selectors.api_tasks(who).values_list("pk", flat=True))
    mine = set(selectors.tasks(who, "mine").values_list("pk", flat=True))
    department = set(selectors.tasks(who, "department").values_list("pk", flat=True))
    everything = set(selectors.tasks(who, "all").values_list("pk", flat=True))
    for task in PlanTask.objects.select_related("plan").prefetch_related("departments"):
        assert can(who, "view_task", task) == (task.pk in visible), (persona, task.title)
        may_report = can(who, "update_task", task)
        if not who.can("plans.manage"):
            # outside the committee, one reports exactly on the tasks of one's lists
            assert may_report == (task.pk in mine | department), (persona, task.title)
        else:
            assert may_report == (task.plan.school_id == who.school.pk)
            assert (task.pk in everything) == (task.plan.status == "adopted" and task.plan.school_id == who.school.pk)
    if persona in ("elder", "parent_x", "student_x", "student_y"):
        assert not listed and not visible and not mine


def test_the_lists_a_persona_has(world, plans):
    assert selectors.scopes_for(world.actor("counsellor")) == ["mine"]
    assert selectors.scopes_for(world.actor("director")) == ["mine", "all"]
    assert selectors.scopes_for(world.actor("depthead")) == ["mine", "department"]
    assert selectors.default_scope(world.actor("depthead")) == "department"
    assert not selectors.tasks(world.actor("counsellor"), "all").exists()  # a list one lacks is empty
