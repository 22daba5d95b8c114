"""Issue 20: the activity page's history shows every step of the workflow — submitted, returned with its reason,
submitted again, approved by whom and when — to the staff; a family and a student see the activity's state only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from xinhuo.activities.models import Activity, ActivityStatus, ActivityStep
from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.test_activity_pages import form_data

S = ActivityStatus


def steps_shown(html: str) -> list[str]:
    return re.findall(r'data-step="([^"]+)"', html)


def test_every_step_is_in_the_history_with_who_when_and_why(world):
    world.client("head_teacher_a").post(reverse("activities:new"), form_data(world))
    a = Activity.objects.get()
    step = reverse("activities:transition", args=[a.pk, "return"])
    world.client("director").post(step, {"comment": "请补充安全预案"})
    world.client("head_teacher_a").post(reverse("activities:transition", args=[a.pk, "resubmit"]))
    world.client("leader").post(reverse("activities:transition", args=[a.pk, "approve"]), {"comment": "同意，注意安全"})
    assert Activity.objects.get(pk=a.pk).status == S.APPROVED
    for persona in ("director", "head_teacher_a", "head_teacher_b"):
        html = world.client(persona).get(reverse("activities:detail", args=[a.pk])).content.decode()
        assert steps_shown(html) == ["new-applied", "applied-returned", "returned-applied", "applied-approved"]
        assert 'id="steps-gap"' not in html
        history = html[html.index('id="steps"'):]
        assert "请补充安全预案" in history and "同意，注意安全" in history
        assert gettext("Reason:") in history and gettext("Comment:") in history
        assert world.users["leader"].display_name in history and world.users["director"].display_name in history
        approved_at = ActivityStep.objects.get(activity=a, to_status=S.APPROVED).at
        assert timezone.localtime(approved_at).strftime("%Y-%m-%d %H:%M") in history


@pytest.mark.parametrize("persona", ["parent_x", "student_x"])
def test_a_family_and_a_student_see_the_state_only(world, persona):
    a = h.published(world)
    ActivityStep.objects.create(activity=a, to_status=S.APPLIED, by=world.users["head_teacher_a"])
    ActivityStep.objects.create(activity=a, from_status=S.APPLIED, to_status=S.APPROVED, by=world.users["leader"],
                                comment="预算压缩到五百元")
    ActivityStep.objects.create(activity=a, from_status=S.APPROVED, to_status=S.RUNNING,
                                by=world.users["head_teacher_a"])
    response = world.client(persona).get(reverse("activities:detail", args=[a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-status="{S.RUNNING}"' in html  # the state, in the heading
    assert 'id="steps"' not in html and not steps_shown(html)
    assert "预算压缩到五百元" not in html
    # nor through the API a family's or student's phone app reads
    detail = world.client(persona).get(f"/api/v1/activities/{a.pk}/").json()
    assert detail["status"] == S.RUNNING and detail["steps"] == []
    assert len(world.client("head_teacher_a").get(f"/api/v1/activities/{a.pk}/").json()["steps"]) == 3


def test_a_history_that_stops_short_of_the_state_says_so(world):
    """An activity approved outside the services (an import, an old record) has only its application recorded: the
    page does not pretend the history is complete."""
    a = h.make(world, "敬老院慰问", status=S.APPROVED)
    ActivityStep.objects.create(activity=a, to_status=S.APPLIED, by=world.users["head_teacher_a"])
    html = world.client("director").get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert steps_shown(html) == ["new-applied"]
    assert 'id="steps-gap"' in html
