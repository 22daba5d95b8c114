"""Every default formula against a hand-built small school with known answers (indicators_support.py says how each
answer comes about); another school's rows never count; an empty school has no data, never a 0."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xinhuo.evaluation.indicators import formulas
from xinhuo.evaluation.indicators.services import DEFAULTS
from xinhuo.family.models import SessionRegistration
from xinhuo.family.tests.test_school_support import make_course, make_session, move
from xinhuo.surveys.tests.results_support import add, make_survey

from . import indicators_support as s

pytestmark = pytest.mark.django_db

D = Decimal

KNOWN = {
    "plan_completion": (D("50.00"), D("1.00"), D("2.00")),
    "activities_held": (D("50.00"), D("1.00"), D("2.00")),
    "participation_student": (D("33.33"), D("1.00"), D("3.00")),
    "participation_parent": (D("100.00"), D("1.00"), D("1.00")),
    "participation_elder": (D("100.00"), D("1.00"), D("1.00")),
    "participation_teacher": (D("0.00"), D("0.00"), D("1.00")),
    "elder_hours": (D("4.00"), D("4.00"), None),
    "care_support_visit": (D("50.00"), D("1.00"), D("2.00")),
    "mentoring_on_time": (D("50.00"), D("1.00"), D("2.00")),
    "screening_coverage": (D("33.33"), D("1.00"), D("3.00")),
    "alerts_on_time": (D("50.00"), D("1.00"), D("2.00")),
    "partners_active": (D("50.00"), D("1.00"), D("2.00")),
    "fund_execution": (D("25.00"), D("15000.00"), D("60000.00")),
    "earmarks_respected": (D("50.00"), D("1.00"), D("2.00")),
    "rectification_closed": (D("50.00"), D("1.00"), D("2.00")),
}


def figure(key, school, start=None, end=None):
    a, b = s.period()
    f = formulas.compute(key, school, start or a, end or b)
    return (f.value, f.numerator, f.denominator)


def test_every_default_indicator_has_a_formula_and_every_formula_a_known_answer_test():
    used = {key for _c, _n, _w, items in DEFAULTS for key, _t, _w2 in items}
    assert used == set(formulas.REGISTRY)
    assert set(formulas.REGISTRY) - set(KNOWN) == {"parent_school_attendance", "satisfaction_student",
                                                   "satisfaction_parent"}  # tested below with their own periods


def test_known_answers_and_another_schools_rows_never_count(world):
    for key in formulas.REGISTRY:  # an empty school: no data, never a made-up 0
        assert figure(key, world.school)[0] is None, key
    s.small_school(world)
    assert {key: figure(key, world.school) for key in KNOWN} == KNOWN
    # the other school has its own plan task done, its own activity held with its one student there: nothing else
    own = {"plan_completion", "activities_held", "participation_student"}
    for key in formulas.REGISTRY:
        assert figure(key, world.other)[0] == (D("100.00") if key in own else None), key


def test_records_outside_the_period_do_not_count(world):
    s.small_school(world)
    start, _end = s.period()
    before = (start - dt.timedelta(days=200), start - dt.timedelta(days=100))
    for key in ("plan_completion", "activities_held", "alerts_on_time", "rectification_closed", "elder_hours"):
        assert formulas.compute(key, world.school, *before).value is None, key


def test_parent_school_attendance(world):
    course = make_course(world)
    came, absent = make_session(world, course), make_session(world, course, days=5)
    for session in (came, absent):
        move(session, hours=-24 * 3)
    SessionRegistration.objects.create(session=came, guardian=world.guardian_x, student=world.student_x,
                                       attended_at=came.starts_at)
    SessionRegistration.objects.create(session=came, guardian=world.guardian_x2, student=world.student_x,
                                       attended_at=came.starts_at)  # the same family twice: one family
    SessionRegistration.objects.create(session=absent, guardian=world.guardian_z, student=world.student_z)
    assert figure("parent_school_attendance", world.school) == (D("33.33"), D("1.00"), D("3.00"))
    assert figure("parent_school_attendance", world.other)[0] is None


def test_survey_satisfaction_of_students_and_parents(world):
    scales = [{"kind": "likert", "text": "我对关工委的工作满意", "points": 5}]
    survey = make_survey(world, anonymous=False, purpose="student_satisfaction", questions=scales,
                         for_students=True, for_parents=True)
    add(survey, {"q1": 5})
    add(survey, {"q1": 1})
    add(survey, {"q1": 4}, audience="parent")
    today = s.today()
    window = (today - dt.timedelta(days=30), today + dt.timedelta(days=1))
    assert figure("satisfaction_student", world.school, *window) == (D("50.00"), None, D("2.00"))
    assert figure("satisfaction_parent", world.school, *window) == (D("75.00"), None, D("1.00"))
    assert figure("satisfaction_student", world.other, *window)[0] is None


def test_activities_held_per_kind(world):
    s.small_school(world)
    rows = formulas.held_by_kind(world.school, *s.period())
    assert [(r["kind"], r["planned"], r["held"]) for r in rows] == [("drill", 1, 0), ("lecture", 1, 1)]


def test_drill_downs_about_childrens_sensitive_data_name_nobody_and_hide_groups_under_5(world):
    s.small_school(world)
    director = world.actor("director")
    names = {world.student_x.name, world.student_y.name, world.student_z.name}
    for key in ("care_support_visit", "mentoring_on_time", "screening_coverage", "alerts_on_time"):
        rows = formulas.REGISTRY[key].records(director, *s.period())
        assert rows, key
        text = " ".join(f"{r['label']} {r['detail']}" for r in rows)
        assert not any(name in text for name in names), key
        assert all(r["detail"] == str(formulas.share_text(0, 1)) for r in rows), key  # 2 or 3 children: hidden
    assert formulas.share_text(4, 6) != formulas.share_text(0, 4)


def test_drill_downs_list_this_schools_records_only(world):
    s.small_school(world)
    rows = formulas.REGISTRY["activities_held"].records(world.actor("outsider"), *s.period())
    assert [r["label"] for r in rows] == ["外校活动"]
    rows = formulas.REGISTRY["plan_completion"].records(world.actor("director"), *s.period())
    assert [r["label"] for r in rows] == ["例会", "培训"]
    assert all(r["url"].startswith("/plans/tasks/") for r in rows)
