"""Issue 20: the parent school's door list of a whole-school session (thousands of families in a large school) shows a
page at a time on the organiser's phone, finds a registered parent or child by name, and can show only those not
checked in yet; the count above it is the whole list's."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_guardian, make_student
from xinhuo.family.models import SessionRegistration
from xinhuo.family.school.views import CHECKIN_PAGE

from .test_school_support import make_course, make_session, move

pytestmark = pytest.mark.django_db

ROW = re.compile(r'id="reg-(\d+)"')


def rows(response) -> set[int]:
    assert response.status_code == 200
    return {int(pk) for pk in ROW.findall(response.content.decode())}


def test_a_long_door_list_pages_finds_and_shows_who_is_still_to_come(world):
    session = make_session(world, make_course(world, title="全校家长会"))
    move(session, hours=-0.1)
    made = []
    for i in range(CHECKIN_PAGE + 12):
        child = make_student(world.school, world.class_b, f"8{i:05d}", f"学生{i:02d}", seq=200 + i)
        guardian = make_guardian(world.school, f"家长{i:02d}", f"1390000{i:04d}", child)
        made.append(SessionRegistration.objects.create(session=session, guardian=guardian, student=child))
    made[3].attended_at = timezone.now()
    made[3].save(update_fields=["attended_at"])
    url = reverse("family:school-checkin", args=[session.pk])
    c = world.client("director")

    first = c.get(url)
    html = first.content.decode()
    assert len(rows(first)) == CHECKIN_PAGE and 'class="pagination' in html
    assert (first.context["checked"], first.context["total"]) == (1, len(made))  # the whole list's, not the page's
    second = c.get(url, {"page": 2})
    assert len(rows(second)) == 12 and not rows(first) & rows(second)

    assert rows(c.get(url, {"find": "学生07"})) == {made[7].pk}  # a child's name
    assert rows(c.get(url, {"find": "家长07"})) == {made[7].pk}  # a parent's name
    todo = rows(c.get(url, {"todo": "1"})) | rows(c.get(url, {"todo": "1", "page": 2}))
    assert made[3].pk not in todo and len(todo) == len(made) - 1
    assert 'id="checkin-list"' in c.get(url, {"find": "无此人"}).content.decode()
