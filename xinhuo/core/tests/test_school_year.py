"""One current school year for every app (core.selectors), and the shared same-school check and row lock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from xinhuo.core.db import lock
from xinhuo.core.models import Grade, SchoolYear
from xinhuo.core.selectors import current_school_year, school_year_bounds, school_year_start
from xinhuo.core.validators import of_school, same_school

D = dt.date


@pytest.mark.parametrize(("day", "start"), [
    (D(2026, 8, 31), D(2025, 9, 1)), (D(2026, 9, 1), D(2026, 9, 1)), (D(2027, 1, 15), D(2026, 9, 1)),
])
def test_a_school_year_starts_on_1_september(day, start):
    assert school_year_start(day) == start


@pytest.mark.django_db
def test_the_year_marked_current_wins_then_the_one_containing_the_day(world):
    SchoolYear.objects.filter(school=world.school).update(is_current=False)
    later = SchoolYear.objects.create(school=world.school, name="2027-2028学年", start=D(2027, 9, 1),
                                      end=D(2028, 7, 15))
    assert current_school_year(world.school, D(2027, 10, 1)) == later
    assert school_year_bounds(world.school, D(2027, 10, 1)) == (D(2027, 9, 1), D(2028, 7, 15))
    # a summer day between two records: no year, the September rule
    assert current_school_year(world.school, D(2027, 8, 1)) is None
    assert school_year_bounds(world.school, D(2027, 8, 1)) == (D(2026, 9, 1), D(2027, 8, 31))
    SchoolYear.objects.filter(pk=world.year.pk).update(is_current=True)
    assert current_school_year(world.school, D(2027, 10, 1)) == world.year


@pytest.mark.django_db
def test_same_school_refuses_another_schools_objects(world):
    here = Grade.objects.create(school=world.school, name="初二", level=8)
    there = Grade.objects.create(school=world.other, name="初二", level=8)
    actor = world.actor("director")
    assert of_school(actor, here, None) and of_school(world.school.pk, here)
    assert not of_school(actor, here, there)
    same_school(actor, here, None)
    with pytest.raises(Http404):
        same_school(actor, there)
    with pytest.raises(ValidationError) as refused:
        same_school(world.school, here, there, message={"grade": "另一所学校的年级"})
    assert refused.value.message_dict == {"grade": ["另一所学校的年级"]}


@pytest.mark.django_db
def test_lock_returns_the_row_or_404(world):
    assert lock(SchoolYear.objects.select_related("school"), world.year.pk, school=world.school) == world.year
    with pytest.raises(Http404):
        lock(SchoolYear, world.year.pk, school=world.other)
