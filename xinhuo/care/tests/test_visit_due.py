"""The stored next home-visit due date (care.VisitDue, visits.due): every write that changes it keeps it, what goes
stale is recomputed, and today's plan read from it equals the plan computed from the visits and tags (issue 21)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from conftest import make_student
from xinhuo.care.groups import services as group_services
from xinhuo.care.models import HomeVisit, SpecialGroup, StudentTag, TagSource, TagStatus, VisitDue, VisitWay
from xinhuo.care.overview import selectors as overview_selectors
from xinhuo.care.visits import due
from xinhuo.care.visits import services as visit_services
from xinhuo.care.visits.plan import DUE, FINE, OVERDUE, computed_plan, plan_rows, visit_plan

from .helpers import consent_special_group

TODAY = timezone.localdate


def days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


def group(world, code="left_behind") -> SpecialGroup:
    group_services.special_groups_for(world.school)
    return SpecialGroup.objects.get(school=world.school, code=code)


def stored(student) -> VisitDue | None:
    return VisitDue.objects.filter(student=student).first()


def status_of(world, student) -> str:
    [row] = [r for r in visit_plan(world.actor("director")) if r.student_id == student.pk]
    return row.status


def record_visit(world, student, on: dt.date) -> HomeVisit:
    return visit_services.home_visit_record(actor=world.actor("director"), student=student, visited_on=on,
                                            way=VisitWay.HOME, visitor_kinds=["head_teacher"], visitors="陈老师")


def identify(world, student, code="left_behind", review_on=None) -> StudentTag:
    consent_special_group(world, student)
    return group_services.tag_identify(actor=world.actor("director"), student=student, group=group(world, code),
                                       source=TagSource.HEAD_TEACHER, identified_on=days(-5),
                                       review_on=review_on or days(60))


def same_as_computed(world, persona="director") -> None:
    actor = world.actor(persona)
    assert visit_plan(actor) == computed_plan(actor, on=TODAY())


# --- each write keeps the stored date ------------------------------------------------------------------------


def test_a_recorded_visit_moves_the_next_due_date(world):
    identify(world, world.student_x)  # left behind: every 14 days
    assert (stored(world.student_x).next_due, status_of(world, world.student_x)) == (None, OVERDUE)
    record_visit(world, world.student_x, days(-20))
    assert stored(world.student_x).next_due == days(-6)
    assert status_of(world, world.student_x) == OVERDUE
    record_visit(world, world.student_x, days(-3))
    row = stored(world.student_x)
    assert (row.last_visit, row.next_due, row.interval) == (days(-3), days(11), 14)
    assert status_of(world, world.student_x) == DUE
    same_as_computed(world)


def test_a_tag_makes_a_student_due_and_closing_or_renewing_it_moves_the_date(world):
    record_visit(world, world.student_z, days(-40))
    assert (stored(world.student_z).group_id, stored(world.student_z).interval) == (None, 120)
    assert status_of(world, world.student_z) == FINE
    tag = identify(world, world.student_z)
    assert (stored(world.student_z).group_id, stored(world.student_z).next_due) == (tag.group_id, days(-26))
    assert status_of(world, world.student_z) == OVERDUE
    group_services.tag_renew(actor=world.actor("director"), tag=tag, review_on=days(90))
    assert stored(world.student_z).stale_from == days(91)
    group_services.tag_set_status(actor=world.actor("director"), tag=tag, status=TagStatus.CLOSED,
                                  comment="家庭情况好转")
    assert (stored(world.student_z).group_id, status_of(world, world.student_z)) == (None, FINE)
    same_as_computed(world)


def test_a_retuned_group_moves_its_students_dates(world):
    identify(world, world.student_x, "single_parent")  # 30 days
    record_visit(world, world.student_x, days(-20))
    assert status_of(world, world.student_x) == DUE
    g = group(world, "single_parent")
    group_services.special_group_update(actor=world.actor("director"), group=g, name="单亲", review_months=6,
                                        visit_every_days=7, active=True, order=g.order)
    row = stored(world.student_x)
    assert (row.interval, row.next_due) == (7, days(-13))
    [plan_row] = [r for r in visit_plan(world.actor("director")) if r.student_id == world.student_x.pk]
    assert (plan_row.group, plan_row.status, plan_row.days_overdue) == ("单亲", OVERDUE, 13)


def test_a_student_with_neither_visit_nor_tag_has_no_row_and_is_due_today(world):
    assert stored(world.student_z) is None
    [row] = [r for r in visit_plan(world.actor("director")) if r.student_id == world.student_z.pk]
    assert (row.status, row.next_due, row.last_visit, row.interval) == (DUE, TODAY(), None, 120)


def test_a_deleted_visit_is_forgotten_after_the_commit(world, django_capture_on_commit_callbacks):
    v = record_visit(world, world.student_z, days(-10))
    with django_capture_on_commit_callbacks(execute=True):
        v.delete()
    assert stored(world.student_z) is None


def test_deleting_a_student_takes_their_row(world, django_capture_on_commit_callbacks):
    identify(world, world.student_x)
    record_visit(world, world.student_x, days(-3))
    with django_capture_on_commit_callbacks(execute=True):
        world.student_x.delete()
    assert not VisitDue.objects.filter(student_id=world.student_x.pk).exists()


# --- what goes stale is recomputed ---------------------------------------------------------------------------


def test_an_expired_tag_no_longer_tiers_the_next_day(world):
    tag = identify(world, world.student_x, review_on=days(0))  # in effect through today
    record_visit(world, world.student_x, days(-20))
    assert status_of(world, world.student_x) == OVERDUE
    # tomorrow, as the rows would be read then: the tag has expired, the school default applies
    tomorrow = days(1)
    assert due.refresh_stale(world.school.pk, tomorrow) == 1
    row = stored(world.student_x)
    assert (row.group_id, row.interval, row.stale_from) == (None, 120, None)
    assert tag.review_on < tomorrow


def test_a_changed_school_default_is_applied(world, monkeypatch):
    monkeypatch.delenv("XINHUO_HOME_VISIT_DAYS", raising=False)
    record_visit(world, world.student_z, days(-50))
    assert status_of(world, world.student_z) == FINE
    with override_settings(XINHUO_HOME_VISIT_DAYS=60):
        assert status_of(world, world.student_z) == DUE
        assert stored(world.student_z).interval == 60
        same_as_computed(world)


def test_the_daily_job_recomputes_every_row_idempotently(world):
    identify(world, world.student_x)
    record_visit(world, world.student_x, days(-3))
    record_visit(world, world.student_z, days(-30))
    before = sorted(VisitDue.objects.values_list("student_id", "next_due", "interval", "group_id"))
    VisitDue.objects.update(next_due=None, interval=1)  # whatever happened to them
    VisitDue.objects.filter(student=world.student_z).delete()
    from xinhuo.care.tasks import visit_due_task
    from xinhuo.core.registry import daily_jobs

    assert "xinhuo.care.tasks.visit_due_task" in daily_jobs()
    visit_due_task.call()
    visit_due_task.call()
    assert sorted(VisitDue.objects.values_list("student_id", "next_due", "interval", "group_id")) == before


# --- the plan read from the stored dates -------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    for i in range(n):
        s = make_student(world.school, world.class_a if i % 2 else world.class_b, f"2027{i:03d}", f"学生{i % 4}",
                         "F", seq=100 + i)
        if i % 3 == 0:
            StudentTag.objects.create(school=world.school, student=s, group=group(world, "left_behind"),
                                      source=TagSource.HEAD_TEACHER, identified_on=days(-30),
                                      review_on=days(60 - i))
        if i % 4:
            HomeVisit.objects.create(school=world.school, student=s, way=VisitWay.HOME, visited_on=days(-i * 7 % 150),
                                     visitor_kinds=["head_teacher"], visitors="陈老师")


@pytest.mark.parametrize("persona", ["director", "head_teacher_a", "counsellor"])
def test_the_stored_plan_equals_the_computed_one(world, persona):
    _grow(world, 24)
    actor = world.actor(persona)
    computed = computed_plan(actor, on=TODAY())
    assert len(computed) > 10
    assert visit_plan(actor) == computed  # the same rows in the same order
    for status in (OVERDUE, DUE, FINE):
        assert visit_plan(actor, status=status) == [r for r in computed if r.status == status]
    rows = plan_rows(actor, class_id=world.class_a.pk, status=OVERDUE)
    wanted = [r for r in computed if r.status == OVERDUE and r.class_id == world.class_a.pk]
    assert len(rows) == len(wanted) and rows[1:3] == wanted[1:3]
    counts = plan_rows(actor).counts()
    assert [counts[s] for s in (OVERDUE, DUE, FINE)] == [sum(r.status == s for r in computed) for s in
                                                         (OVERDUE, DUE, FINE)]
    assert counts["tagged"] == sum(1 for r in computed if r.group)
    assert counts["never_visited"] == sum(1 for r in computed if r.last_visit is None)


def test_the_overview_lists_read_the_stored_plan(world):
    _grow(world, 12)
    director = world.actor("director")
    computed = computed_plan(director, on=TODAY())
    overdue = overview_selectors.overview_students(director, "visit_overdue")
    assert [r["plan"] for r in overdue] == [r for r in computed if r.status == OVERDUE]
    never = overview_selectors.overview_students(director, "never_visited")  # of the overdue, those never visited
    assert [r["student"].pk for r in never[0:50]] == [r.student_id for r in computed
                                                       if r.last_visit is None and r.status == OVERDUE]


def test_the_plan_page_query_count_is_constant(world, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["director"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/care/visits/?status=overdue").status_code == 200
            assert client.get("/care/").status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    _grow(world, 30)
    assert queries() == small
