"""The special-group population (STU-4) on a hand-built school (profiles_support.py): the counts by group, grade
and class, needs and support, outcomes and the monthly trend, every one suppressed as the page, the workbook and
the API show it; screening bands for the counsellor only; another school never counted; constant queries."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_student
from xinhuo.core.models import AccessLog
from xinhuo.evaluation.profiles import selectors
from xinhuo.evaluation.profiles.suppression import suppress_table

from .profiles_support import ON, build, screen, tag

pytestmark = pytest.mark.django_db

# groups in care's default order: 留守儿童, 单亲家庭, 贫困, 残疾, 学业困难, 行为偏差
LB, SP, LI, DI, LD, BC = range(6)
BY_GRADE = [[11, 0], [0, 0], [5, 5], [1, 0], [0, 0], [0, 0]]  # 初一, 初二
BY_CLASS = [[6, 0, 0, 0, 0, 0], [5, 0, 5, 1, 0, 0], [0, 0, 5, 0, 0, 0]]  # 初一1班, 初一2班, 初二1班


@pytest.fixture
def hand(world):
    return build(world)


def test_the_counts_by_group_grade_and_class(world, hand):
    p = selectors.population(world.actor("director"), on=ON)
    assert [g["name"] for g in p.groups] == ["留守儿童", "单亲家庭", "贫困", "残疾", "学业困难", "行为偏差"]
    assert [g["name"] for g in p.grades] == ["初一", "初二"]
    assert [c["name"] for c in p.classes] == ["初一1班", "初一2班", "初二1班"]
    assert p.by_grade == suppress_table(BY_GRADE)
    assert p.by_class == suppress_table(BY_CLASS)
    # what the suppression leaves: 留守儿童's 11 and the grades' 17 and 5 shown, 残疾's lone student hidden
    assert p.by_grade.row_totals[LB] == 11 and p.by_grade.col_totals == [17, 5] and p.by_grade.total == 22
    assert p.by_grade.cells[DI][0] is None and p.by_grade.row_totals[DI] is None
    assert p.by_class.row_totals == [6, 11, 5]


def test_needs_support_and_outcomes_of_each_group(world, hand):
    p = selectors.population(world.actor("director"), on=ON)
    lb = p.needs[LB]
    # support before the year began does not count; two mentored students are a group under 5
    assert (lb["students"], lb["supported"], lb["mentored"], lb["visited"]) == (11, 5, None, 6)
    out = p.outcomes[LB]
    assert (out["with_entries"], out["entries"], out["activities"], out["sessions"]) == (5, 5, 5, 0)
    assert p.needs[DI] == {"group": hand.groups["disability"].pk, "name": "残疾", "students": None,
                           "supported": None, "mentored": None, "visited": None}


def test_a_count_is_hidden_where_those_without_it_are_under_5(world, hand):
    from xinhuo.care.models import SupportMeasure

    for s in (hand.a[3], world.student_z, hand.b[1]):  # 8 of the 11 left-behind students supported: 3 are not
        SupportMeasure.objects.create(school=world.school, student=s, kind="academic", given_on=ON,
                                      provider="德育处", what="补习")
    p = selectors.population(world.actor("director"), on=ON)
    assert p.needs[LB]["students"] == 11 and p.needs[LB]["supported"] is None


def test_the_monthly_trend_follows_identification_and_closing(world, hand):
    p = selectors.population(world.actor("director"), on=ON)
    assert p.months == ["2026-09", "2026-10", "2026-11"]
    trend = {t["name"]: t["values"] for t in p.trend}
    assert trend["留守儿童"] == [10, 11, 11]  # a4 from October
    assert trend["行为偏差"] == [None, 0, 0]  # one student in September (hidden), closed on 10 October
    # this month's point is the group's size as the tables show it, hidden where they hide it
    assert [t["values"][-1] for t in p.trend] == p.by_grade.row_totals


def test_a_group_with_a_hidden_count_is_left_out_of_the_charts(world, hand):
    p = selectors.population(world.actor("director"), on=ON)
    specs = selectors.charts(p)
    groups = dict(zip(specs["groups"]["categories"], specs["groups"]["series"][0]["values"], strict=True))
    assert groups["留守儿童"] == 11 and "残疾" not in groups  # not drawn as 0: the tables say "<5"
    assert [s["name"] for s in specs["trend"]["series"]] == [
        t["name"] for t in p.trend if None not in t["values"]]
    assert "行为偏差" not in [s["name"] for s in specs["trend"]["series"]]  # September's one student


def test_screening_tags_and_bands_are_the_counsellors(world, hand):
    screen(world, [world.student_x, world.student_y, *hand.a[:3]])
    director = selectors.population(world.actor("director"), on=ON)
    counsellor = selectors.population(world.actor("counsellor"), on=ON)
    assert director.screening is None and director.by_grade.row_totals[LD] == 0
    assert counsellor.by_grade.cells[LD] == [0, None]  # c6's tag from screening: one student, hidden
    assert counsellor.risks and counsellor.screening.cells[LB] == [5, 0, 0, 0]
    assert counsellor.screening.row_totals[LB] == 5
    page = world.client("director").get(reverse("evaluation:profiles")).content.decode()
    assert 'id="profiles-screening"' not in page and 'id="profiles-by-grade"' in page
    page = world.client("counsellor").get(reverse("evaluation:profiles")).content.decode()
    assert 'id="profiles-screening"' in page
    api = world.client("director").get("/api/v1/evaluation/profiles/population/").json()
    assert api["screening"] is None


def test_another_schools_students_are_never_counted(world, hand):
    p = selectors.population(world.actor("outsider"), on=ON)
    assert p.by_grade == suppress_table([[1], [0], [0], [0], [0], [0]])  # their own one student, hidden
    ours = selectors.population(world.actor("director"), on=ON)
    assert ours.by_grade.total == 22  # not 23


def test_the_page_the_workbook_and_the_api_show_hidden_counts_as_under_5(world, hand):
    client = world.client("director")
    page = client.get(reverse("evaluation:profiles"))
    assert page.status_code == 200 and "&lt;5" in page.content.decode()
    assert AccessLog.objects.filter(user=world.users["director"], object_type="evaluation_population").exists()
    response = client.get(reverse("evaluation:profiles-export"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = {r[0]: r[1:] for r in wb["按年级"].iter_rows(values_only=True)}
    assert rows["留守儿童"][-1] == 11 and rows["残疾"] == ("<5", 0, "<5")
    assert all(v not in (1, 2, 3, 4) for row in rows.values() for v in row)
    assert AccessLog.objects.filter(object_type="evaluation_population", action="export").count() == 1
    api = client.get("/api/v1/evaluation/profiles/population/").json()
    p = selectors.population(world.actor("director"))
    assert api["by_grade"]["cells"] == p.by_grade.cells and api["by_grade"]["row_totals"][LB] == 11
    assert api["needs"][DI]["students"] is None


def test_the_page_reads_a_constant_number_of_queries(world, hand, django_assert_max_num_queries):
    client = world.client("director")
    client.get(reverse("evaluation:profiles"))  # warm: the groups exist, caches filled

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("evaluation:profiles")).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(8):
        s = make_student(world.school, hand.class_c, f"27D{i}", f"丁{i}", seq=300 + i)
        tag(world.school, s, hand.groups["single_parent"])
    assert count() == before
    # the session, the actor and the menu, then the groups, the tags, support, pairs, visits, growth, the trend
    with django_assert_max_num_queries(20):
        client.get(reverse("evaluation:profiles"))
