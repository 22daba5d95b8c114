"""The tiered home-visit plan (FAM-2): intervals from the special groups in effect, the school default,
overdue / due-soon boundaries, never-visited students, scope and a constant query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import override_settings

from conftest import make_student
from xinhuo.care.groups import services
from xinhuo.care.models import HomeVisit, SpecialGroup, StudentTag, TagSource, TagStatus, VisitWay
from xinhuo.care.visits.plan import (
    DEFAULT_VISIT_EVERY_DAYS,
    DUE,
    DUE_SOON_DAYS,
    FINE,
    OVERDUE,
    default_visit_days,
    plan_counts,
    visit_plan,
)

ON = dt.date(2026, 11, 20)


def tag(world, student, code, *, review_on=None, status=TagStatus.IDENTIFIED, school=None):
    school = school or world.school
    services.special_groups_for(school)
    return StudentTag.objects.create(
        school=school, student=student, group=SpecialGroup.objects.get(school=school, code=code),
        source=TagSource.HEAD_TEACHER, identified_on=ON - dt.timedelta(days=30),
        review_on=review_on or ON + dt.timedelta(days=60), status=status)


def visit(student, days_ago, school=None):
    return HomeVisit.objects.create(school=school or student.school, student=student, way=VisitWay.HOME,
                                    visited_on=ON - dt.timedelta(days=days_ago), visitor_kinds=["head_teacher"],
                                    visitors="陈老师")


def row_of(rows, student):
    [row] = [r for r in rows if r.student_id == student.pk]
    return row


# --- intervals ----------------------------------------------------------------------------------------------


def test_two_groups_the_smaller_interval_wins(world):
    tag(world, world.student_x, "single_parent")  # 30 days
    tag(world, world.student_x, "left_behind")  # 14 days
    visit(world.student_x, 10)
    row = row_of(visit_plan(world.actor("director"), on=ON), world.student_x)
    assert (row.interval, row.group) == (14, "留守儿童")
    assert row.next_due == ON + dt.timedelta(days=4)
    assert row.status == DUE


def test_retuned_group_interval_is_used(world):
    tag(world, world.student_x, "single_parent")
    SpecialGroup.objects.filter(school=world.school, code="single_parent").update(visit_every_days=7)
    visit(world.student_x, 8)
    row = row_of(visit_plan(world.actor("director"), on=ON), world.student_x)
    assert (row.interval, row.status, row.days_overdue) == (7, OVERDUE, 1)


def test_expired_and_closed_tags_are_ignored(world):
    tag(world, world.student_x, "left_behind", review_on=ON - dt.timedelta(days=1))  # expired yesterday
    tag(world, world.student_x, "low_income", status=TagStatus.CLOSED)
    tag(world, world.student_y, "left_behind", review_on=ON)  # in effect through its review day
    visit(world.student_x, 20)
    visit(world.student_y, 20)
    rows = visit_plan(world.actor("director"), on=ON)
    x, y = row_of(rows, world.student_x), row_of(rows, world.student_y)
    assert (x.interval, x.group, x.status) == (DEFAULT_VISIT_EVERY_DAYS, "", FINE)
    assert (y.interval, y.group, y.status) == (14, "留守儿童", OVERDUE)


def test_untagged_students_get_the_school_default(world):
    visit(world.student_z, 100)
    row = row_of(visit_plan(world.actor("director"), on=ON), world.student_z)
    assert row.interval == DEFAULT_VISIT_EVERY_DAYS == 120
    assert row.next_due == ON + dt.timedelta(days=20)
    assert row.status == FINE


def test_the_default_can_be_configured(world, monkeypatch):
    monkeypatch.delenv("XINHUO_HOME_VISIT_DAYS", raising=False)
    with override_settings(XINHUO_HOME_VISIT_DAYS=60):
        assert default_visit_days() == 60
        visit(world.student_z, 50)
        assert row_of(visit_plan(world.actor("director"), on=ON), world.student_z).status == DUE
    monkeypatch.setenv("XINHUO_HOME_VISIT_DAYS", "90")
    assert default_visit_days() == 90
    monkeypatch.setenv("XINHUO_HOME_VISIT_DAYS", "nonsense")
    assert default_visit_days() == DEFAULT_VISIT_EVERY_DAYS


# --- status boundaries --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("days_ago", "status", "overdue"), [
    (14 - DUE_SOON_DAYS - 1, FINE, 0),  # due in 15 days
    (14 - DUE_SOON_DAYS, DUE, 0),  # due in exactly 14 days: due soon
    (14, DUE, 0),  # due today: not yet overdue
    (15, OVERDUE, 1),  # due yesterday
    (44, OVERDUE, 30),
])
def test_overdue_and_due_soon_boundaries(world, days_ago, status, overdue):
    tag(world, world.student_x, "left_behind")
    visit(world.student_x, days_ago)
    row = row_of(visit_plan(world.actor("director"), on=ON), world.student_x)
    assert (row.status, row.days_overdue) == (status, overdue)
    assert row.next_due == ON - dt.timedelta(days=days_ago) + dt.timedelta(days=14)


def test_only_the_last_visit_counts(world):
    tag(world, world.student_x, "left_behind")
    visit(world.student_x, 60)
    visit(world.student_x, 3)
    visit(world.student_x, 40)
    row = row_of(visit_plan(world.actor("director"), on=ON), world.student_x)
    assert row.last_visit == ON - dt.timedelta(days=3)
    assert (row.next_due, row.status) == (ON + dt.timedelta(days=11), DUE)


def test_never_visited_tagged_is_overdue_others_due(world):
    tag(world, world.student_x, "left_behind")
    rows = visit_plan(world.actor("director"), on=ON)
    x, y = row_of(rows, world.student_x), row_of(rows, world.student_y)
    assert (x.status, x.next_due, x.days_overdue, x.never_visited) == (OVERDUE, None, None, True)
    assert (y.status, y.next_due, y.days_overdue) == (DUE, ON, 0)


def test_sorted_overdue_first_never_visited_first(world):
    tag(world, world.student_x, "left_behind")  # never visited: overdue
    tag(world, world.student_y, "left_behind")
    visit(world.student_y, 30)  # 16 days overdue
    visit(world.student_z, 10)  # fine
    rows = visit_plan(world.actor("director"), on=ON)
    assert [r.student_id for r in rows] == [world.student_x.pk, world.student_y.pk, world.student_z.pk]
    assert plan_counts(rows) == {OVERDUE: 2, DUE: 0, FINE: 1}


# --- filters and scope --------------------------------------------------------------------------------------


def test_filters_by_class_and_status(world):
    tag(world, world.student_x, "left_behind")
    visit(world.student_y, 10)
    actor = world.actor("director")
    assert {r.student_id for r in visit_plan(actor, on=ON, class_id=world.class_b.pk)} == {world.student_z.pk}
    assert [r.student_id for r in visit_plan(actor, on=ON, status=OVERDUE)] == [world.student_x.pk]
    assert [r.student_id for r in visit_plan(actor, on=ON, status=DUE)] == [world.student_z.pk]
    assert [r.student_id for r in visit_plan(actor, on=ON, status=FINE)] == [world.student_y.pk]
    assert len(visit_plan(actor, on=ON, status="bogus")) == 3


def test_head_teacher_sees_only_their_class(world):
    tag(world, world.student_z, "left_behind")
    rows = visit_plan(world.actor("head_teacher_a"), on=ON)
    assert {r.student_id for r in rows} == {world.student_x.pk, world.student_y.pk}
    # asking for another class gives nothing, not that class
    assert visit_plan(world.actor("head_teacher_a"), on=ON, class_id=world.class_b.pk) == []
    assert {r.student_id for r in visit_plan(world.actor("head_teacher_b"), on=ON)} == {world.student_z.pk}


def test_committee_sees_the_school_not_the_other(world):
    tag(world, world.other_student, "left_behind", school=world.other)
    for persona in ("director", "leader", "counsellor"):
        ids = {r.student_id for r in visit_plan(world.actor(persona), on=ON)}
        assert ids == {world.student_x.pk, world.student_y.pk, world.student_z.pk}, persona
    assert {r.student_id for r in visit_plan(world.actor("outsider"), on=ON)} == {world.other_student.pk}


def test_left_students_are_not_planned(world):
    world.student_y.status = world.student_y.Status.TRANSFERRED
    world.student_y.save(update_fields=["status"])
    assert world.student_y.pk not in {r.student_id for r in visit_plan(world.actor("director"), on=ON)}


@pytest.mark.parametrize("persona", ["admin", "finance", "elder", "parent_x", "student_x"])
def test_roles_without_home_visits_get_404(world, persona):
    with pytest.raises(Http404):
        visit_plan(world.actor(persona), on=ON)


# --- query count --------------------------------------------------------------------------------------------


def _grow(world, n):
    for i in range(n):
        student = make_student(world.school, world.class_a, f"2027{i:03d}", f"学生{i}", "F", seq=100 + i)
        if i % 2:
            tag(world, student, "left_behind")
        if i % 3:
            visit(student, i * 7)


def test_constant_query_count_2_vs_10_students(world, django_assert_num_queries):
    actor = world.actor("director")
    with django_assert_num_queries(3):
        small = visit_plan(actor, on=ON)
    _grow(world, 10)
    actor = world.actor("director")
    with django_assert_num_queries(3):
        big = visit_plan(actor, on=ON)
    assert len(big) == len(small) + 10
