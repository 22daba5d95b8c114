"""serve queues the escalation every few minutes (the manifest's frequent_jobs), and the appointment reminders
daily."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from xinhuo.core.management.commands.serve import Command
from xinhuo.core.registry import daily_jobs, frequent_jobs
from xinhuo.wellbeing.alerts.services import alert_raise
from xinhuo.wellbeing.models import Alert

pytestmark = pytest.mark.django_db


def test_serve_queues_the_escalation_as_a_frequent_job(world):
    assert "xinhuo.wellbeing.tasks.alerts_escalate_task" in frequent_jobs()
    assert "xinhuo.wellbeing.tasks.alerts_escalate_task" not in daily_jobs()
    assert "xinhuo.wellbeing.tasks.appointment_reminders_task" in daily_jobs()
    alert = alert_raise(school=world.school, student=world.student_x, response=None, items=["PHQA 9"])
    Alert.objects.filter(pk=alert.pk).update(escalate_at=timezone.now() - dt.timedelta(minutes=1))
    Command(stdout=io.StringIO(), stderr=io.StringIO()).enqueue(frequent_jobs(), "frequent")  # run at once here
    assert Alert.objects.get(pk=alert.pk).escalated_at is not None
