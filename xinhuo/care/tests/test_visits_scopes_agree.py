"""Home visits and follow-up items: the object rules (view_home_visit, close_follow_up) and the selectors
(home_visits, closable_follow_ups) agree for every persona, across two schools; and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import PERSONAS
from xinhuo.care import rules
from xinhuo.care.models import FollowUp, Forum, HomeVisit
from xinhuo.care.tests.helpers import visible
from xinhuo.care.visits import selectors


@pytest.fixture
def visits(world):
    """A visit with an item to each student of both schools, an item owned by finance (a staff member outside the
    care staff), and a forum's item in each school."""
    day = dt.date.today() - dt.timedelta(days=3)
    for student in (world.student_x, world.student_y, world.student_z, world.other_student):
        v = HomeVisit.objects.create(school=student.school, student=student, visited_on=day, way="phone",
                                     visitor_kinds=["head_teacher"], visitors="老师")
        FollowUp.objects.create(school=student.school, home_visit=v, student=student, text="回访")
    FollowUp.objects.create(school=world.school, home_visit=HomeVisit.objects.filter(student=world.student_z).get(),
                            student=world.student_z, text="核对补助", owner=world.users["finance"])
    for school in (world.school, world.other):
        forum = Forum.objects.create(school=school, held_on=day, title="座谈会")
        FollowUp.objects.create(school=school, forum=forum, text="改进食堂")
    return world


def test_rules_and_selectors_agree(visits):
    world = visits
    wrong = []
    seen = {}
    for persona in PERSONAS:
        actor = world.actor(persona)
        shown = seen[persona, "visits"] = visible(selectors.home_visits, actor)
        for v in HomeVisit.objects.select_related("student"):
            if rules.can(actor, "view_home_visit", v) != (v.pk in shown):
                wrong.append(f"{persona} view_home_visit {v}: rule says {v.pk not in shown}")
        closable = seen[persona, "close"] = visible(selectors.closable_follow_ups, actor)
        for item in FollowUp.objects.select_related("home_visit__student", "forum"):
            if rules.can(actor, "close_follow_up", item) != (item.pk in closable):
                wrong.append(f"{persona} close_follow_up {item.pk}: rule says {item.pk not in closable}")
        # whoever may close an item also sees it on the follow-up list
        assert closable <= visible(selectors.follow_ups, actor), persona
    assert not wrong, "\n".join(wrong)
    here = set(HomeVisit.objects.filter(school=world.school).values_list("pk", flat=True))
    class_a = set(HomeVisit.objects.filter(student__school_class=world.class_a).values_list("pk", flat=True))
    for persona in ("director", "leader", "counsellor"):
        assert seen[persona, "visits"] == here, persona
    assert seen["head_teacher_a", "visits"] == class_a
    assert seen["outsider", "visits"] == set(HomeVisit.objects.filter(school=world.other).values_list("pk",
                                                                                                       flat=True))
    for persona in ("admin", "finance", "elder", "parent_x", "student_x", "student_y"):
        assert seen[persona, "visits"] == set(), persona
    forum_items = set(FollowUp.objects.filter(school=world.school, forum__isnull=False).values_list("pk", flat=True))
    # forum items: closed by the forum managers; a counsellor or head teacher sees them but does not close them
    assert forum_items <= seen["director", "close"] and forum_items <= seen["leader", "close"]
    assert not forum_items & (seen["counsellor", "close"] | seen["head_teacher_a", "close"])
    owned = set(FollowUp.objects.filter(owner=world.users["finance"]).values_list("pk", flat=True))
    assert seen["finance", "close"] == owned
    assert seen["parent_x", "close"] == set() == seen["elder", "close"]
