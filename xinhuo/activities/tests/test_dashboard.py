"""The home page's activities: the next ones in scope, the applications waiting for a leader."""

from __future__ import annotations

from django.urls import reverse

from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.tests import helpers as h


def test_home_page_shows_what_is_coming_and_what_waits_for_approval(world):
    h.published(world)  # open to class 1
    h.applied(world)
    leader = world.client("leader").get(reverse("dashboard")).content.decode()
    assert 'data-figure="activities-awaiting">1<' in leader
    assert "清明祭英烈申请" in leader and "学雷锋志愿服务" in leader
    student = world.client("student_x").get(reverse("dashboard")).content.decode()
    assert "学雷锋志愿服务" in student and "清明祭英烈申请" not in student
    assert "activities-awaiting" not in student
    # the student's own next activities are the family home's, with their places: not listed twice
    assert 'id="upcoming-activities"' not in student
    counsellor = world.client("counsellor").get(reverse("dashboard")).content.decode()
    assert 'id="upcoming-activities"' in counsellor and "学雷锋志愿服务" in counsellor
    assert "清明祭英烈申请" not in counsellor  # an application is not the school's calendar yet
    h.make(world, "只面向2班", classes=[world.class_b], status=ActivityStatus.APPROVED)
    assert "只面向2班" not in world.client("student_x").get(reverse("dashboard")).content.decode()
    elder = world.client("elder").get(reverse("dashboard")).content.decode()
    assert "只面向2班" not in elder and "学雷锋志愿服务" not in elder  # nothing open to elders
