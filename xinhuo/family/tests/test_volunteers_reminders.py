"""The volunteers' daily reminders: the day before a duty its accepted parents; within three days the invited
parents who have not answered and the organiser of a request still short; each sent once however often the job
runs."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.core.models import Notification
from xinhuo.family.tests.matrix_volunteers import activity, invite, request
from xinhuo.family.volunteers import reminders, tasks
from xinhuo.family.volunteers.declare import DAILY_JOBS

pytestmark = pytest.mark.django_db


def test_reminders_before_a_duty_are_sent_once(world):
    req = request(world, activity(world, "明天的运动会", days=1), needed=3)
    invite(world, req, status="accepted")
    today = timezone.localdate()
    sent = reminders.send(world.school, today)
    assert {r.key for r in sent} == {f"volunteers:duty:{req.pk}:{world.guardian_x.pk}", f"volunteers:short:{req.pk}"}
    assert Notification.objects.filter(recipient=world.users["parent_x"]).count() == 1
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"]).count() == 1
    assert tasks.volunteer_reminders_task.call(today.isoformat()) == {"demo": [], "other": []}  # nothing twice
    assert Notification.objects.count() == 2
    assert "xinhuo.family.volunteers.tasks.volunteer_reminders_task" in DAILY_JOBS


def test_an_unanswered_invitation_is_recalled_and_a_far_duty_waits(world):
    near = request(world, activity(world, "后天的开放日", days=2), needed=1)
    invite(world, near)
    far = request(world, activity(world, "下月的研学", days=20), needed=1)
    invite(world, far, world.guardian_x)
    keys = {r.key for r in reminders.collect(world.school, timezone.localdate())}
    assert f"volunteers:answer:{near.pk}:{world.guardian_x.pk}" in keys
    assert not any(str(far.pk) in k.split(":")[2] for k in keys)
