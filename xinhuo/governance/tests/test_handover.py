"""Governance's part of a staff member leaving (issue 19): their open meeting action items and rectification items
listed, and given to a colleague in post; closed items stay theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinhuo.governance import handover
from xinhuo.governance.models import ActionItem, Inspection, Meeting, Rectification
from xinhuo.people.tests import staffwork


def open_work(w):
    user = w.users["head_teacher_a"]
    today = timezone.localdate()
    meeting = Meeting.objects.create(school=w.school, kind="regular", title="十月例会", starts_at=timezone.now())
    action = ActionItem.objects.create(school=w.school, meeting=meeting, title="整理家访记录", owner=user,
                                       due_on=today + dt.timedelta(days=7))
    done = ActionItem.objects.create(school=w.school, meeting=meeting, title="布置展板", owner=user, due_on=today,
                                     status="done", closing_note="已完成")
    check = Inspection.objects.create(school=w.school, kind="self", title="学期自查", held_on=today)
    fix = Rectification.objects.create(school=w.school, inspection=check, problem="活动记录不全", owner=user,
                                       due_on=today + dt.timedelta(days=14))
    return action, done, fix


def test_items_are_the_open_items_they_own(world):
    action, _done, fix = open_work(world)
    found = handover.items(world.school.pk, world.staff_a.pk, world.users["head_teacher_a"].pk)
    assert [i.key for i in found] == [f"governance.actionitem:{action.pk}", f"governance.rectification:{fix.pk}"]
    assert handover.items(world.school.pk, world.staff_a.pk, None) == []
    assert handover.items(world.other.pk, world.staff_a.pk, world.users["head_teacher_a"].pk) == []


def test_reassign_moves_the_owner_and_writes_the_history(world):
    action, done, fix = open_work(world)
    colleague = staffwork.colleague(world)
    n = handover.reassign(world.school.pk, [f"governance.actionitem:{action.pk}", f"governance.rectification:{fix.pk}",
                                            "plans.plantask:1"], colleague.pk, colleague.user_id,
                          world.users["director"].pk)
    assert n == 2
    assert ActionItem.objects.get(pk=action.pk).owner == world.users["head_teacher_b"]
    assert Rectification.objects.get(pk=fix.pk).owner == world.users["head_teacher_b"]
    assert ActionItem.objects.get(pk=done.pk).owner == world.users["head_teacher_a"]
    entry = LogEntry.objects.get_for_object(action).latest("pk")
    assert entry.actor == world.users["director"]


@pytest.mark.parametrize("target", ["none", "parent", "other_school_item", "done"])
def test_reassign_refusals(world, target):
    action, done, _fix = open_work(world)
    colleague = staffwork.colleague(world)
    key, user = f"governance.actionitem:{action.pk}", colleague.user_id
    if target == "none":
        user = None
    elif target == "parent":
        user = world.users["parent_x"].pk
    elif target == "done":
        key = f"governance.actionitem:{done.pk}"
    school = world.other.pk if target == "other_school_item" else world.school.pk
    with pytest.raises(ValidationError):
        handover.reassign(school, [key], colleague.pk, user, world.users["director"].pk)
    assert ActionItem.objects.get(pk=action.pk).owner == world.users["head_teacher_a"]
