"""Activities' part of a staff member leaving (issue 19): the activities not yet held they organise."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from xinhuo.activities import handover
from xinhuo.activities.models import Activity
from xinhuo.people.tests import staffwork


def test_items_are_the_activities_not_yet_held(world):
    w = staffwork.build(world)
    found = handover.items(world.school.pk, world.staff_a.pk, world.users["head_teacher_a"].pk)
    assert [i.key for i in found] == [f"activities.activity:{w.activity.pk}"]  # not the one already summarised
    assert found[0].url == f"/activities/{w.activity.pk}/" and "清明祭扫" in found[0].title


def test_reassign_moves_the_organiser(world):
    w = staffwork.build(world)
    keys = [f"activities.activity:{w.activity.pk}"]
    assert handover.reassign(world.school.pk, keys, w.colleague.pk, w.colleague.user_id,
                             world.users["director"].pk) == 1
    assert Activity.objects.get(pk=w.activity.pk).organiser == world.users["head_teacher_b"]
    entry = LogEntry.objects.get_for_object(w.activity).latest("pk")
    assert entry.actor == world.users["director"] and entry.object_repr == "清明祭扫"


@pytest.mark.parametrize("case", ["no_account", "admin", "held"])
def test_refusals(world, case):
    w = staffwork.build(world)
    activity = w.held if case == "held" else w.activity
    user = {"no_account": None, "admin": world.users["admin"].pk}.get(case, w.colleague.user_id)
    with pytest.raises(ValidationError):
        handover.reassign(world.school.pk, [f"activities.activity:{activity.pk}"], w.colleague.pk, user,
                          world.users["director"].pk)
    assert Activity.objects.get(pk=activity.pk).organiser == world.users["head_teacher_a"]
