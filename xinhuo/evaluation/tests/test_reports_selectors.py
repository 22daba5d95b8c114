"""The small selectors the year-end report added to other apps (appended to their selectors.py): the elders' team and
service hours per category, aggregates only, of one school and one period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xinhuo.elders import selectors as elders
from xinhuo.elders.models import Elder, ServiceRecord
from xinhuo.elders.work import selectors as work

pytestmark = pytest.mark.django_db


def test_team_by_category_counts_the_elders_who_have_not_left(world):
    Elder.objects.create(school=world.school, name="钱老", gender="M", category=Elder.Category.CADRE,
                         phone="13300002222")
    Elder.objects.create(school=world.school, name="孙老", gender="F", category=Elder.Category.TEACHER,
                         phone="13300003333", status=Elder.Status.LEFT)
    Elder.objects.create(school=world.other, name="李老", gender="M", category=Elder.Category.TEACHER,
                         phone="13300004444")
    rows = elders.team_by_category(world.school)
    assert [n for _label, n in rows] == [1, 1]  # cadre, then teacher (周老; 孙老 left; 李老 is another school's)
    assert rows[0][0] == str(Elder.Category.CADRE.label)


def test_hours_by_category_sums_one_schools_period(world):
    other_elder = Elder.objects.create(school=world.school, name="吴老", gender="M", category=Elder.Category.TEACHER,
                                       phone="13300005555")
    for elder, day, hours in ((world.elder, dt.date(2026, 9, 5), "2.0"), (world.elder, dt.date(2026, 10, 1), "1.5"),
                              (other_elder, dt.date(2026, 11, 1), "4.0"), (world.elder, dt.date(2026, 8, 31), "9.0")):
        ServiceRecord.objects.create(school=world.school, elder=elder, date=day, hours=hours, source="other")
    rows = work.hours_by_category(world.school, dt.date(2026, 9, 1), dt.date(2027, 7, 15))
    assert [(r["category"], r["elders"], r["hours"]) for r in rows] == [("teacher", 2, Decimal("7.5"))]
    assert work.hours_by_category(world.other, dt.date(2026, 9, 1), dt.date(2027, 7, 15)) == []
