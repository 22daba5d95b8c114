"""Plans' part of a staff member leaving (issue 19): their open plan tasks listed and given to another account."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from xinhuo.people.tests import staffwork
from xinhuo.plans import handover
from xinhuo.plans.models import PlanTask


def test_items_are_the_open_tasks_they_own(world):
    w = staffwork.build(world)
    found = handover.items(world.school.pk, world.staff_a.pk, world.users["head_teacher_a"].pk)
    assert [i.key for i in found] == [f"plans.plantask:{w.task.pk}"]
    assert found[0].url == f"/plans/tasks/{w.task.pk}/" and "组织红色故事会" in found[0].title
    assert handover.items(world.school.pk, world.staff_a.pk, None) == []
    assert handover.items(world.other.pk, world.staff_a.pk, world.users["head_teacher_a"].pk) == []


def test_reassign_moves_the_owner_and_writes_the_history(world):
    w = staffwork.build(world)
    n = handover.reassign(world.school.pk, [f"plans.plantask:{w.task.pk}", "clubs.club:1"], w.colleague.pk,
                          w.colleague.user_id, world.users["director"].pk)
    assert n == 1
    assert PlanTask.objects.get(pk=w.task.pk).owner == world.users["head_teacher_b"]
    entry = LogEntry.objects.get_for_object(w.task).latest("pk")
    assert entry.actor == world.users["director"]
    assert entry.changes_dict["owner"] == [str(world.users["head_teacher_a"].pk), str(world.users["head_teacher_b"].pk)]


@pytest.mark.parametrize("target", ["none", "parent", "other_school_item", "done"])
def test_reassign_refusals(world, target):
    w = staffwork.build(world)
    key, user = f"plans.plantask:{w.task.pk}", w.colleague.user_id
    if target == "none":
        user = None
    elif target == "parent":
        user = world.users["parent_x"].pk
    elif target == "done":
        key = f"plans.plantask:{w.done_task.pk}"
    school = world.other.pk if target == "other_school_item" else world.school.pk
    with pytest.raises(ValidationError):
        handover.reassign(school, [key], w.colleague.pk, user, world.users["director"].pk)
    assert PlanTask.objects.get(pk=w.task.pk).owner == world.users["head_teacher_a"]
