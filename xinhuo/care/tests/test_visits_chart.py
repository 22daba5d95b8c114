"""The home-visit plan page (issue 20): its chart of visits done against due by month, from the plan's own rule,
and the plan on a phone — paged, one compact row per student, the same queries whatever the number of students."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_student
from xinhuo.care.models import HomeVisit, VisitWay
from xinhuo.care.visits.plan import visits_by_month
from xinhuo.core.tests.queries import rows_add_no_query

ON = dt.date(2026, 12, 10)  # inside the world's school year (1 Sep 2026 – 15 Jul 2027)


def visit(student, day: dt.date) -> HomeVisit:
    return HomeVisit.objects.create(school=student.school, student=student, way=VisitWay.HOME, visited_on=day,
                                    visitor_kinds=["head_teacher"], visitors="陈老师")


@pytest.fixture
def visited(world, monkeypatch):
    """Every 30 days (the school default; nobody tagged). x: visited 20 Aug (before the year: due 19 Sep),
    25 Sep (due 25 Oct) and 30 Nov (due 30 Dec); y: 5 Oct (due 4 Nov); z: never (due now, in December)."""
    monkeypatch.delenv("XINHUO_HOME_VISIT_DAYS", raising=False)
    with override_settings(XINHUO_HOME_VISIT_DAYS=30):
        for day in (dt.date(2026, 8, 20), dt.date(2026, 9, 25), dt.date(2026, 11, 30)):
            visit(world.student_x, day)
        visit(world.student_y, dt.date(2026, 10, 5))
        visit(world.other_student, dt.date(2026, 10, 5))  # another school's: never counted
        yield world


def series(spec: dict) -> dict[str, list]:
    """The two series by their place (their names are translated): done, then due."""
    done, due = spec["series"]
    return {"Done": done["values"], "Due": due["values"]}


def test_done_and_due_by_month_follow_the_plans_rule(visited):
    spec = visits_by_month(visited.actor("director"), on=ON)
    assert len(spec["categories"]) == 6  # September to February: this month and two ahead
    figures = series(spec)
    assert figures["Done"] == [1, 1, 1, 0, 0, 0]
    assert figures["Due"] == [1, 1, 1, 2, 0, 0]  # December: x's visit of 30 Nov and z, never visited
    assert "3" in spec["summary"] and "5" in spec["summary"]  # so far: 3 made, 5 due


def test_a_head_teacher_sees_their_class_and_a_class_filter_narrows_it(visited):
    teacher = series(visits_by_month(visited.actor("head_teacher_b"), on=ON))
    assert teacher["Done"] == [0] * 6 and teacher["Due"] == [0, 0, 0, 1, 0, 0]  # z only
    class_a = series(visits_by_month(visited.actor("director"), class_id=visited.class_a.pk, on=ON))
    assert class_a["Done"] == [1, 1, 1, 0, 0, 0] and class_a["Due"] == [1, 1, 1, 1, 0, 0]


def test_the_plan_page_shows_the_chart_with_its_table(visited):
    page = visited.client("director").get(reverse("care:visits")).content.decode()
    assert 'id="care-visits-by-month"' in page and 'data-for="care-visits-by-month"' in page


def test_the_plan_pages_its_rows_in_compact_rows(world):
    """A school of 120 students: 50 a page, each one row (the phone's compact view: care/visits_plan.css)."""
    for i in range(117):
        make_student(world.school, world.class_a, f"P{i:04d}", f"学生{i}", seq=300 + i)
    c = world.client("director")
    first = c.get(reverse("care:visits")).content.decode()
    assert first.count('data-status="') == 50
    assert 'class="table table-hover bg-white plan-compact"' in first and "care/visits_plan.css" in first
    assert c.get(reverse("care:visits"), {"page": 3}).content.decode().count('data-status="') == 20
    assert "page=2" in first


def test_the_plan_pages_queries_do_not_grow_with_its_rows(world):
    c = world.client("director")

    def sql() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("care:visits")).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    for i in range(5):
        visit(make_student(world.school, world.class_a, f"Q{i:04d}", f"学生{i}", seq=400 + i), ON)
    sql()  # warm
    small = sql()
    for i in range(80):
        visit(make_student(world.school, world.class_b, f"R{i:04d}", f"学生乙{i}", seq=500 + i),
              ON - dt.timedelta(days=i))
    assert rows_add_no_query(small, sql())


def test_a_tier_set_by_screening_is_named_to_the_counsellors_only(world):
    """The plan names the group that sets a student's interval: from screening, that is the counsellors' to read
    (PSY-5); the others — on the page and in the API — read "needs attention"."""
    from django.utils import timezone
    from django.utils.translation import gettext

    from xinhuo.care.groups.services import special_groups_for
    from xinhuo.care.models import SpecialGroup, StudentTag, TagSource
    from xinhuo.care.visits.plan import plan_rows

    special_groups_for(world.school)
    group = SpecialGroup.objects.get(school=world.school, code="behaviour_concern")
    today = timezone.localdate()
    StudentTag.objects.create(school=world.school, student=world.student_y, group=group, source=TagSource.SCREENING,
                              identified_on=today, review_on=today + dt.timedelta(days=90))

    def group_of(persona: str) -> str:
        [row] = [r for r in plan_rows(world.actor(persona)) if r.student_id == world.student_y.pk]
        assert row.tagged and row.interval == group.visit_every_days
        return row.group

    assert group_of("counsellor") == group.name
    assert group_of("director") == group_of("head_teacher_a") == gettext("Needs attention")
    page = world.client("director").get(reverse("care:visits")).content.decode()
    api = world.client("director").get("/api/v1/care/visit-plan/").json()
    assert group.name not in page and group.name not in str(api)
