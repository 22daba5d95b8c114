"""The services announce their workflow steps (DESIGN.md: workflows); other modules listen to these."""

from __future__ import annotations

import datetime as dt

from xinhuo.elders import signals
from xinhuo.elders.models import Assignment, ElderRole
from xinhuo.elders.work import services


def test_assignment_steps_are_announced_with_who_and_why(world):
    heard = []

    def listener(sender, assignment, action, actor, reason, **kwargs):
        heard.append((sender, assignment.pk, action, actor.user.username, reason))

    signals.assignment_changed.connect(listener)
    try:
        director = world.actor("director")
        a = services.assignment_create(actor=director, elder=world.elder, role=ElderRole.INSPECTOR, need="周边巡查",
                                       start_on=dt.date(2026, 9, 1))
        services.assignment_end(actor=world.actor("elder"), assignment=a, reason="搬家了")
    finally:
        signals.assignment_changed.disconnect(listener)
    assert heard == [(Assignment, a.pk, "assigned", "director", ""),
                     (Assignment, a.pk, "stepped_down", "elder", "搬家了")]
