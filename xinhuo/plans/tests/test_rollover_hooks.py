"""The work plans' part of the year's rollover (plans/rollover.py): the new year's plan is offered from last
year's (or said to exist already), and nothing is written."""

from __future__ import annotations

import datetime as dt

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from xinhuo.core.registry import YearTurn, rollovers
from xinhuo.plans import rollover
from xinhuo.plans.models import PlanStatus, WorkPlan

from .helpers import YEAR, a_plan


def turn(world, school=None) -> YearTurn:
    return YearTurn(school_id=(school or world.school).pk, old_year_id=world.year.pk, new_year_id=None,
                    old_end=dt.date(YEAR + 1, 7, 15), new_start=dt.date(YEAR + 1, 9, 1),
                    new_end=dt.date(YEAR + 2, 7, 15), graduating=frozenset([world.student_x.pk]),
                    promoted=frozenset([world.student_y.pk]), repeating=frozenset(),
                    actor_user_id=world.users["director"].pk, run="r1")


def plans() -> dict:
    return {p.pk: model_to_dict(p) for p in WorkPlan.objects.all()}


def test_offered_from_last_years_adopted_plan_and_nothing_written(world):
    assert "plans" in dict(rollovers())
    a_plan(world, adopted=False, year=YEAR, title="2026-2027学年关工委工作计划（初稿）")
    adopted = a_plan(world, year=YEAR, title="2026-2027学年关工委工作计划")
    a_plan(world, year=YEAR - 1, title="2025-2026学年关工委工作计划")
    before = plans()
    [line] = rollover.preview(turn(world))
    assert line.title == _("The work plan for %(year)s can be copied from %(title)s") % {
        "year": "2027-2028", "title": adopted.title}
    assert (line.count, line.details, line.action) == (1, (adopted.title,), False)
    assert rollover.apply(turn(world)) == {}
    rollover.undo(turn(world), {})
    assert plans() == before


def test_an_older_plan_when_last_year_has_none(world):
    old = a_plan(world, adopted=False, year=YEAR - 2, title="2024-2025学年计划")
    [line] = rollover.preview(turn(world))
    assert line.details == (old.title,)


def test_the_new_years_plan_already_exists(world):
    a_plan(world, year=YEAR)
    new = a_plan(world, adopted=False, year=YEAR + 1, title="2027-2028学年计划")
    [line] = rollover.preview(turn(world))
    assert line.title == _("The work plan for %(year)s already exists") % {"year": "2027-2028"}
    assert (line.count, line.details, line.action) == (1, (new.title,), False)


def test_nothing_to_copy_and_another_schools_plans_are_not_offered(world):
    WorkPlan.objects.create(school=world.other, title="外校计划", year=YEAR, status=PlanStatus.ADOPTED)
    [line] = rollover.preview(turn(world))
    assert (line.count, line.details, line.action) == (0, (), False)
    assert line.title == _("No work plan to copy for %(year)s: start it from a template") % {"year": "2027-2028"}
