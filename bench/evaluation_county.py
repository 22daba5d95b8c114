"""The county dashboard (ORG-8) on a county of 60 schools (DESIGN.md: 60 schools, 150,000 students, PostgreSQL).

The job builds the county inside the bench's rolled-back transaction, quickly, with bulk_create and only what the
dashboard reads: 60 schools, two school years each, and every indicator's snapshot for both terms and the whole
year (60 × 2 × 3 × 25 = 9,000 rows), a submitted year-end report per school and year, and the county's account.
It then times the dashboard page and its API as that account, like a case (warm-up, then REPEAT requests).

The county's 150,000 students are made too (2,500 a school in 3 grades of 16 classes, names and numbers only, with
bulk_create), so the tables the dashboard must never touch are the size DESIGN.md names: the county view reads
stored snapshots only (a snapshot keeps its numerator and denominator, e.g. the enrolled students a participation
rate was counted over), and its timings show that the students' rows cost it nothing. docs/evaluation-county.md.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import connection
from django.test import Client

from bench.cases import PAGE_BUDGET_MS, Context, job

SCHOOLS = 60
STUDENTS_PER_SCHOOL = 2500  # 150,000 in all: rows of people_student, and the snapshots' denominators
GRADES, CLASSES_PER_GRADE = 3, 16
REPEAT = 40
WARMUP = 3
# 7 dimensions, 25 indicators: (dimension code, dimension weight, indicator weights)
DIMENSIONS = [("organisation", 15, (25, 25, 25, 25)), ("team", 10, (40, 30, 30)), ("activities", 20, (25, 25, 25, 25)),
              ("care", 20, (30, 30, 20, 20)), ("coop", 15, (40, 30, 30)), ("support", 10, (40, 30, 30)),
              ("results", 10, (25, 25, 25, 25))]


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _students(schools) -> None:
    from xinhuo.core.models import Grade, SchoolClass
    from xinhuo.people.models import Student

    grades = Grade.objects.bulk_create([Grade(school=s, name=f"{'一二三'[g]}年级", level=7 + g)
                                        for s in schools for g in range(GRADES)])
    classes = SchoolClass.objects.bulk_create([SchoolClass(school_id=g.school_id, grade=g, name=f"{c + 1}班",
                                                           number=c + 1)
                                               for g in grades for c in range(CLASSES_PER_GRADE)])
    by_school: dict[int, list] = {}
    for c in classes:
        by_school.setdefault(c.school_id, []).append(c)
    family = "王李张刘陈杨赵黄周吴"
    for school in schools:
        rows = by_school[school.pk]
        Student.objects.bulk_create([
            Student(school=school, name=f"{family[n % 10]}同学{n}", name_initials=f"tx{n}", student_no=f"{n:05d}",
                    gender="M" if n % 2 else "F", school_class=rows[n % len(rows)])
            for n in range(STUDENTS_PER_SCHOOL)], batch_size=2500)


def build_county(rng: random.Random) -> tuple[object, list[int]]:
    from xinhuo.core.models import School, SchoolYear, User
    from xinhuo.evaluation.models import (
        County,
        CountyMember,
        CountySchool,
        Period,
        ReportStatus,
        Snapshot,
        YearReport,
    )

    county = County.objects.create(name="基准县", code="bench-county")
    schools = School.objects.bulk_create([School(name=f"基准县第{i + 1:02d}中学", code=f"bench-county-{i:02d}")
                                          for i in range(SCHOOLS)])
    CountySchool.objects.bulk_create([CountySchool(county=county, school=s) for s in schools])
    _students(schools)
    years = SchoolYear.objects.bulk_create([
        SchoolYear(school=s, name=f"{y}-{y + 1}学年", start=dt.date(y, 9, 1), end=dt.date(y + 1, 7, 15),
                   is_current=y == 2026)
        for s in schools for y in (2025, 2026)])
    rows = []
    for year in years:
        for period in Period.values:
            for dim, dim_weight, weights in DIMENSIONS:
                for n, weight in enumerate(weights):
                    value = Decimal(rng.randint(50, 100))
                    rows.append(Snapshot(
                        school_id=year.school_id, school_year=year, year_name=year.name, period=period,
                        indicator_code=f"{dim}-{n}", dimension_code=dim, name=f"{dim} {n}", dimension_name=dim,
                        unit="%", value=value, numerator=value * STUDENTS_PER_SCHOOL / 100,
                        denominator=Decimal(STUDENTS_PER_SCHOOL), target=Decimal(90),
                        score=None if rng.random() < 0.03 else Decimal(rng.choice((60, 80, 100))),
                        weight=Decimal(weight), dimension_weight=Decimal(dim_weight)))
    Snapshot.objects.bulk_create(rows, batch_size=2000)
    YearReport.objects.bulk_create([YearReport(school_id=y.school_id, school_year=y, title=f"{y.name}工作总结",
                                               status=ReportStatus.SUBMITTED, docx=f"evaluation/reports/{y.pk}.docx",
                                               docx_name=f"{y.name}工作总结.docx") for y in years])
    user = User.objects.create_user(username="bench-county", full_name="基准县关工委")
    CountyMember.objects.create(county=county, user=user)
    with connection.cursor() as cursor:  # the planner should know the new rows, as after a day's autovacuum
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE evaluation_snapshot")
            cursor.execute("ANALYZE evaluation_countyschool")
            cursor.execute("ANALYZE evaluation_yearreport")
            cursor.execute("ANALYZE people_student")
    return user, [len(rows)]


def _time(client: Client, path: str) -> dict:
    for _ in range(WARMUP - 1):
        client.get(path)
    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        first = client.get(path)
    assert first.status_code == 200, (path, first.status_code)
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return {"p50_ms": round(_p(times, 50), 2), "p95_ms": round(_p(times, 95), 2),
            "queries": len(statements), "bytes": len(first.content)}


@job("county dashboard, 60 schools", budget_s=PAGE_BUDGET_MS / 1000)
def county_dashboard(ctx: Context) -> dict:
    """Budget: the dashboard's p95 (timed_s) ≤ 150 ms; the build is reported beside it."""
    t0 = time.perf_counter()
    user, [snapshots] = build_county(random.Random(2026))
    built = time.perf_counter() - t0
    client = Client()
    client.force_login(user)
    page = _time(client, "/evaluation/county/")
    year = _time(client, "/evaluation/county/?year=2025-2026学年&period=term2")
    api = _time(client, "/api/v1/evaluation/county/scores/")
    client.logout()
    return {"timed_s": max(page["p95_ms"], year["p95_ms"], api["p95_ms"]) / 1000, "build_s": round(built, 2),
            "schools": SCHOOLS, "snapshots": snapshots, "students": SCHOOLS * STUDENTS_PER_SCHOOL,
            "dashboard": page, "dashboard_last_year_term2": year, "api_scores": api}
