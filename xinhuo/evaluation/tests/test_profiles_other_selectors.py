"""The two reads the profiles part appended to other apps' selectors: care.growth.selectors.outcome_counts and
wellbeing.selectors.latest_risk_levels."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.care.growth.selectors import outcome_counts
from xinhuo.wellbeing.selectors import latest_risk_levels

from .profiles_support import build, screen

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2026, 9, 1), dt.date(2027, 7, 15))


def test_outcome_counts_are_within_the_actors_growth_scope_and_the_dates(world):
    hand = build(world)
    ids = [world.student_x.pk, world.student_z.pk, hand.a[0].pk, world.other_student.pk]
    director = outcome_counts(world.actor("director"), ids, *YEAR)
    assert director[world.student_x.pk] == {"entries": 1, "activities": 1, "sessions": 0}
    assert director[world.student_z.pk] == {"entries": 0, "activities": 0, "sessions": 0}
    assert world.other_student.pk not in director
    head_b = outcome_counts(world.actor("head_teacher_b"), ids, *YEAR)
    assert set(head_b) == {world.student_z.pk}  # class_b only
    assert outcome_counts(world.actor("director"), ids, dt.date(2026, 11, 1), YEAR[1])[world.student_x.pk] == {
        "entries": 0, "activities": 0, "sessions": 0}


def test_latest_risk_levels_keep_each_students_latest_screening(world):
    x, y = world.student_x, world.student_y
    screen(world, [x, y], risk=2)
    screen(world, [x], risk=0)  # later: the same day's second campaign, created after
    levels = latest_risk_levels(world.school.pk, [x.pk, y.pk, world.student_z.pk])
    assert levels == {x.pk: 0, y.pk: 2}
    assert latest_risk_levels(world.other.pk, [x.pk]) == {}
