"""The county view (ORG-8): figures from hand-built snapshots, isolation between counties and from schools' records,
only submitted reports, the landing after login, and a query count that does not grow with the schools."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from conftest import PASSWORD
from xinhuo.core.models import School, SchoolYear, User
from xinhuo.evaluation.county import selectors
from xinhuo.evaluation.models import (
    County,
    CountyMember,
    CountySchool,
    Period,
    ReportStatus,
    Snapshot,
    YearReport,
)

pytestmark = pytest.mark.django_db
D = Decimal


def county_of_world() -> County:
    return County.objects.get(code="xinhuo-county")


def snap(school, year, code, dim, score, weight, dim_weight, *, period=Period.YEAR, value=None, target=None):
    return Snapshot.objects.create(
        school=school, school_year=year, year_name=year.name, period=period, indicator_code=code,
        dimension_code=dim, name=f"指标{code}", dimension_name=f"维度{dim}", unit="%",
        value=value if value is not None else score, target=target, score=score, weight=D(weight),
        dimension_weight=D(dim_weight))


def year_of(school, name="2026-2027学年", start=dt.date(2026, 9, 1)):
    found = SchoolYear.objects.filter(school=school, name=name).first()
    return found or SchoolYear.objects.create(school=school, name=name, start=start,
                                              end=dt.date(start.year + 1, 7, 15))


def add_school(county, code, name):
    school = School.objects.create(name=name, code=code)
    CountySchool.objects.create(county=county, school=school)
    return school


def known_school(world):
    """The world's school with a hand-built year: dimension org (weight 40): indicators 90 × 60% and 70 × 40%
    → 82; dimension care (weight 60): 100 × 50% and no data × 50% → 100 (the missing one left out) → total
    82 × 0.4 + 100 × 0.6 = 92.8."""
    y = world.year
    snap(world.school, y, "a", "org", D(90), 60, 40)
    snap(world.school, y, "b", "org", D(70), 40, 40)
    snap(world.school, y, "c", "care", D(100), 50, 60)
    snap(world.school, y, "d", "care", None, 50, 60)
    return y


def test_weighted_totals_are_exact(world):
    known_school(world)
    county = county_of_world()
    second = add_school(county, "s2", "第二中学")
    y2 = year_of(second)
    snap(second, y2, "a", "org", D(50), 60, 40)   # org 50 × 0.6 + 100 × 0.4 = 70
    snap(second, y2, "b", "org", D(100), 40, 40)
    snap(second, y2, "c", "care", D(80), 100, 60)  # care 80 → total 70 × 0.4 + 80 × 0.6 = 76
    b = selectors.board(county)
    by_id = {s.school_id: s for s in b.schools}
    assert b.year == "2026-2027学年" and b.period == Period.YEAR
    assert by_id[world.school.pk].dimensions == {"org": D("82.00"), "care": D("100.00")}
    assert by_id[world.school.pk].total == D("92.80")
    assert by_id[second.pk].dimensions == {"org": D("70.00"), "care": D("80.00")}
    assert by_id[second.pk].total == D("76.00")
    assert b.average_total == D("84.40")
    assert {d.code: d.average for d in b.dimensions} == {"org": D("76.00"), "care": D("90.00")}
    assert [d.code for d in b.dimensions] == ["care", "org"]  # heavier dimension first
    assert [s.school_id for s in b.ranked] == [world.school.pk, second.pk]
    assert by_id[world.school.pk].rank == 1


def test_a_school_without_snapshots_has_no_total_not_zero(world):
    known_school(world)
    county = county_of_world()
    empty = add_school(county, "s3", "无数据学校")
    b = selectors.board(county)
    row = next(s for s in b.schools if s.school_id == empty.pk)
    assert row.total is None and row.rank is None
    assert b.scored_schools == 1
    assert b.average_total == D("92.80")  # the school without data does not pull the average down


def test_the_year_and_period_switch(world):
    known_school(world)
    old = year_of(world.school, "2025-2026学年", dt.date(2025, 9, 1))
    snap(world.school, old, "a", "org", D(60), 100, 100)
    snap(world.school, world.year, "a", "org", D(40), 100, 100, period=Period.TERM1)
    county = county_of_world()
    assert selectors.years(county) == ["2026-2027学年", "2025-2026学年"]
    assert selectors.board(county, "2025-2026学年").schools[0].total == D("60.00")
    assert selectors.board(county, "2026-2027学年", "term1").schools[0].total == D("40.00")
    # an unknown year or period falls back to the latest year's whole year, never an error
    fallback = selectors.board(county, "1999", "month")
    assert (fallback.year, fallback.period, fallback.schools[0].total) == ("2026-2027学年", "year", D("92.80"))
    page = world.client("county").get(reverse("evaluation:county-home"), {"year": "2025-2026学年"})
    assert page.status_code == 200
    assert page.context["board"].schools[0].total == D("60.00")


def test_school_page_shows_indicators_and_trend(world):
    known_school(world)
    old = year_of(world.school, "2025-2026学年", dt.date(2025, 9, 1))
    snap(world.school, old, "a", "org", D(60), 100, 100)
    v = selectors.school_view(county_of_world(), world.school.pk)
    assert v.total == D("92.80")
    assert [s.indicator_code for s in v.indicators] == ["c", "d", "a", "b"]
    assert [(d["code"], d["score"]) for d in v.dimensions] == [("care", D("100.00")), ("org", D("82.00"))]
    assert [(t["year"], t["total"]) for t in v.trend] == [("2025-2026学年", D("60.00")), ("2026-2027学年", D("92.80"))]
    response = world.client("county").get(reverse("evaluation:county-school", args=[world.school.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-indicator="d"' in body and "92.80" in body
    assert response.context["charts"]["trend"]["series"][0]["values"] == [60.0, 92.8]


def test_api_scores_match_the_page(world):
    known_school(world)
    data = world.client("county").get("/api/v1/evaluation/county/scores/").json()
    assert data["year"] == "2026-2027学年"
    [row] = data["schools"]
    assert row["id"] == world.school.pk and row["total"] == 92.8 and row["rank"] == 1
    assert row["dimensions"] == {"org": 82.0, "care": 100.0}
    assert data["average_total"] == 92.8
    detail = world.client("county").get(f"/api/v1/evaluation/county/schools/{world.school.pk}/").json()
    assert detail["total"] == 92.8
    assert {i["code"]: i["score"] for i in detail["indicators"]} == {"a": 90.0, "b": 70.0, "c": 100.0, "d": None}


def test_another_countys_schools_never_appear(world):
    known_school(world)
    far = County.objects.create(name="远方县", code="far")
    CountySchool.objects.create(county=far, school=world.other)
    other_year = year_of(world.other)
    snap(world.other, other_year, "a", "org", D(10), 100, 100)
    report = YearReport.objects.create(school=world.other, school_year=other_year, title="外县总结",
                                       status=ReportStatus.SUBMITTED)
    client = world.client("county")
    b = client.get(reverse("evaluation:county-home")).context["board"]
    assert [s.school_id for s in b.schools] == [world.school.pk]
    assert client.get(reverse("evaluation:county-school", args=[world.other.pk])).status_code == 404
    assert client.get(f"/api/v1/evaluation/county/schools/{world.other.pk}/").status_code == 404
    assert client.get(reverse("evaluation:county-report-file", args=[report.pk, "docx"])).status_code == 404
    ids = {row["id"] for row in client.get("/api/v1/evaluation/county/scores/").json()["schools"]}
    assert ids == {world.school.pk}
    # and the far county's member sees its own school only
    far_user = User.objects.create_user(username="far", password=PASSWORD)
    CountyMember.objects.create(county=far, user=far_user)
    assert selectors.board(far).schools[0].school_id == world.other.pk
    assert [s.school_id for s in selectors.board(far).schools] == [world.other.pk]


def _report(school, year, status, title, with_file=True):
    r = YearReport(school=school, school_year=year, title=title, status=status, docx_name=f"{title}.docx")
    if with_file:
        r.docx.save("r.docx", ContentFile(b"PK\x03\x04"), save=False)
    r.save()
    return r


def test_only_submitted_reports_are_listed_and_served(world):
    county = county_of_world()
    second = add_school(county, "s2", "第二中学")
    y2 = year_of(second)
    sent = _report(world.school, world.year, ReportStatus.SUBMITTED, "薪火实验中学2026-2027学年工作总结")
    final = _report(second, y2, ReportStatus.FINAL, "第二中学定稿")
    draft = _report(world.school, year_of(world.school, "2025-2026学年", dt.date(2025, 9, 1)), ReportStatus.DRAFT,
                    "草稿")
    client = world.client("county")
    listed = client.get(reverse("evaluation:county-reports")).context["reports"]
    assert [r.pk for r in listed] == [sent.pk]
    response = client.get(reverse("evaluation:county-report-file", args=[sent.pk, "docx"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    for hidden in (final, draft):
        assert client.get(reverse("evaluation:county-report-file", args=[hidden.pk, "docx"])).status_code == 404
    assert client.get(reverse("evaluation:county-report-file", args=[sent.pk, "pdf"])).status_code == 404  # no file
    assert client.get(reverse("evaluation:county-report-file", args=[sent.pk, "exe"])).status_code == 404


def test_the_county_account_lands_on_its_dashboard_after_login(world):
    from django.test import Client

    c = Client()
    response = c.post(reverse("login"), {"username": "county", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("evaluation:county-home")
    assert response.status_code == 200
    body = response.content.decode()  # the user menu offers no school page (they would be 404s)
    assert f'href="{reverse("my-account")}"' not in body and f'href="{reverse("password-change")}"' in body
    # and a school page is a 404 to it, not the "no role" page
    assert c.get(reverse("inbox")).status_code == 404
    assert c.get("/api/v1/students/").status_code == 404


def test_an_account_without_any_role_still_sees_the_no_role_page(world):
    from django.test import Client

    c = Client()
    c.force_login(User.objects.create_user(username="nobody", password=PASSWORD))
    assert c.get(reverse("dashboard")).status_code == 403
    assert c.get(reverse("evaluation:county-home")).status_code == 404


def test_school_members_get_404_on_county_pages(world):
    for persona in ("director", "admin", "outsider"):
        assert world.client(persona).get(reverse("evaluation:county-home")).status_code == 404
        assert world.client(persona).get("/api/v1/evaluation/county/scores/").status_code == 404


def _many_schools(county, n):
    for i in range(n):
        school = add_school(county, f"q{i}", f"学校{i:02d}")
        y = year_of(school)
        snap(school, y, "a", "org", D(80 + i), 100, 50)
        snap(school, y, "c", "care", D(70), 100, 50)
        _report(school, y, ReportStatus.SUBMITTED, f"学校{i:02d}总结", with_file=False)


def test_the_dashboard_queries_do_not_grow_with_the_schools(world, django_assert_max_num_queries):
    county = county_of_world()
    client = world.client("county")
    _many_schools(county, 2)
    with django_assert_max_num_queries(8) as few:
        assert client.get(reverse("evaluation:county-home")).status_code == 200
    for i in range(2, 12):
        school = add_school(county, f"m{i}", f"更多{i:02d}")
        y = year_of(school)
        snap(school, y, "a", "org", D(60), 100, 100)
        _report(school, y, ReportStatus.SUBMITTED, f"更多{i:02d}总结", with_file=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("evaluation:county-home"))
    assert len(response.context["board"].schools) == 13
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/evaluation/county/scores/").status_code == 200


def test_the_board_reads_four_queries(world, django_assert_num_queries):
    _many_schools(county_of_world(), 3)
    county = county_of_world()
    with django_assert_num_queries(4):  # years, schools, grouped snapshots, reports; nothing per school
        selectors.board(county)
