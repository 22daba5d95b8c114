"""The execution report (执行情况): its figures are money.positions' per line, per earmark and per activity; the
Excel and Word files hold the same figures; the year is chosen; the home panels show the chart and the balance to
finance and the committee only; claimants, parents, students and elders never see a budget (404); the report's
queries do not grow with its lines."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.core.models import SchoolYear
from xinhuo.finance.budgets import selectors
from xinhuo.finance.budgets.money import positions, total
from xinhuo.finance.models import ClaimStatus, Commitment, CommitmentStatus, ExpenseClaim

from .finance_support import finance_budget, make_budget

pytestmark = pytest.mark.django_db
NEVER = ("admin", "head_teacher_a", "head_teacher_b", "counsellor", "elder", "parent_x", "student_x", "student_y")


def claim(world, line, amount, status=ClaimStatus.PAID, kind="materials", activity=None):
    return ExpenseClaim.objects.create(school=world.school, claimant=world.users["head_teacher_a"], title="报销",
                                       kind=kind, amount=Decimal(amount), spent_on=dt.date(2026, 10, 1), line=line,
                                       activity=activity, status=status)


@pytest.fixture
def filled(world):
    fb = finance_budget(world)
    trip = h.make(world, "红色研学", status=ActivityStatus.SUMMARISED, budget_request=Decimal("3000"))
    fair = h.make(world, "科技节", status=ActivityStatus.APPROVED, budget_request=Decimal("2500"))
    Commitment.objects.create(school=world.school, line=fb.activity, activity=trip, amount=Decimal("3000"),
                              status=CommitmentStatus.CLOSED, actual=Decimal("2800.60"))
    Commitment.objects.create(school=world.school, line=fb.activity, activity=fair, amount=Decimal("2500"))
    claim(world, fb.activity, "1000", activity=trip)
    claim(world, fb.activity, "400.25", ClaimStatus.CHECKED, activity=fair)
    claim(world, fb.care, "1200", kind="gifts")
    claim(world, fb.care, "300", kind="transport")
    claim(world, fb.aid, "5000", kind="aid")
    claim(world, fb.line("宣传"), "999.99", ClaimStatus.SUBMITTED, kind="printing")
    return fb


def test_the_reports_figures_are_the_positions(world, filled):
    with override("en"):
        data = selectors.report(world.actor("finance"))
    pos = positions(filled.lines)
    assert data["budget"] == filled.budget
    assert [(r["line"].pk, r["pos"]) for r in data["lines"]] == [(x.pk, pos[x.pk]) for x in filled.lines]
    assert data["total"] == total(pos.values())
    activity = pos[filled.activity.pk]
    assert (activity.committed, activity.waiting, activity.spent) == (Decimal("2099.75"), Decimal("400.25"),
                                                                      Decimal("2800.60"))
    assert data["total"].balance == Decimal("60000") - Decimal("2099.75") - Decimal("400.25") - Decimal(
        "2800.60") - Decimal("1500") - Decimal("5000") - Decimal("999.99")
    earmarks = {r["line"].name: r for r in data["earmarks"]}
    assert set(earmarks) == {"慰问", "资助"}
    assert earmarks["慰问"]["purpose"] == "走访慰问困难五老和困难学生"
    assert dict(earmarks["慰问"]["spent_on"]) == {"Condolence gifts": Decimal("1200"), "Transport": Decimal("300")}
    assert earmarks["资助"]["pos"].spent == Decimal("5000") and earmarks["资助"]["line"].fund == filled.fund
    acts = {r["title"]: r for r in data["activities"]}
    assert (acts["红色研学"]["request"], acts["红色研学"]["actual"], acts["红色研学"]["claims"]) == (
        Decimal("3000"), Decimal("2800.60"), Decimal("1000"))
    assert (acts["科技节"]["committed"], acts["科技节"]["claims"], acts["科技节"]["claim_count"]) == (
        Decimal("2500"), Decimal("400.25"), 1)
    spec = data["chart"]
    assert spec["kind"] == "stacked" and spec["categories"] == [x.name for x in filled.lines]
    spent = dict(zip(spec["categories"], spec["series"][0]["values"], strict=True))
    assert spent["活动"] == pytest.approx(2800.60) and spent["慰问"] == 1500


def test_the_page_and_the_json_show_the_same_figures(world, filled):
    page = world.client("leader").get("/finance/report/")
    assert page.status_code == 200
    body = page.content.decode()
    balance = selectors.report(world.actor("finance"))["total"].balance
    assert f"¥{balance:.2f}" in body.replace(",", "") and "红色研学" in body and "走访慰问困难五老和困难学生" in body
    data = world.client("director").get("/api/v1/finance/budgets/report/").json()
    assert data["total"]["balance"] == str(balance)
    line = next(x for x in data["lines"] if x["name"] == "活动")
    assert (line["committed"], line["waiting"], line["spent"]) == ("2099.75", "400.25", "2800.60")


def test_another_year_is_chosen_and_a_year_without_budget_says_so(world, filled):
    last = SchoolYear.objects.create(school=world.school, name="2025-2026学年", start=dt.date(2025, 9, 1),
                                     end=dt.date(2026, 7, 15))
    make_budget(world, year=last, lines=(("activity", "活动", "15000"),), title="上学年预算")
    data = selectors.report(world.actor("finance"), last.pk)
    assert data["budget"].title == "上学年预算" and data["total"].balance == Decimal("15000")
    page = world.client("finance").get(f"/finance/report/?year={last.pk}").content.decode()
    assert "上学年预算" in page
    empty = SchoolYear.objects.create(school=world.school, name="2027-2028学年", start=dt.date(2027, 9, 1),
                                      end=dt.date(2028, 7, 15))
    response = world.client("finance").get(f"/finance/report/?year={empty.pk}")
    assert response.status_code == 200 and 'id="no-budget"' in response.content.decode()
    assert world.client("finance").get(f"/finance/report.xlsx?year={empty.pk}").status_code == 404
    other = SchoolYear.objects.create(school=world.other, name="2026-2027学年", start=dt.date(2026, 9, 1),
                                      end=dt.date(2027, 7, 15))
    assert world.client("finance").get(f"/api/v1/finance/budgets/report/?year={other.pk}").status_code == 404


def test_the_workbook_holds_the_figures(world, filled):
    from openpyxl import load_workbook

    response = world.client("finance").get("/finance/report.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    lines = wb.worksheets[0]
    rows = {r[0]: r for r in lines.iter_rows(min_row=3, values_only=True)}
    assert rows["活动"][2:7] == (20000, pytest.approx(2099.75), pytest.approx(400.25), pytest.approx(2800.60),
                                pytest.approx(14699.40))
    total_row = next(r for k, r in rows.items() if k not in {x.name for x in filled.lines})
    assert total_row[2] == 60000
    earmarks = list(wb.worksheets[1].iter_rows(min_row=3, values_only=True))
    assert {r[0] for r in earmarks} == {"慰问", "资助"} and any("走访慰问" in (r[1] or "") for r in earmarks)
    acts = {r[0]: r for r in wb.worksheets[2].iter_rows(min_row=3, values_only=True)}
    assert acts["红色研学"][5] == pytest.approx(2800.60) and acts["科技节"][6] == pytest.approx(400.25)


def test_the_word_file_has_a_table_per_section_with_the_figures(world, filled):
    from docx import Document

    response = world.client("director").get("/finance/report.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert len(doc.tables) == 3
    lines = {row.cells[0].text: [c.text for c in row.cells] for row in doc.tables[0].rows}
    assert lines["活动"][2:7] == ["20,000.00", "2,099.75", "400.25", "2,800.60", "14,699.40"]
    assert any("走访慰问困难五老和困难学生" in c.text for row in doc.tables[1].rows for c in row.cells)
    assert any(row.cells[0].text == "红色研学" and row.cells[5].text == "2,800.60" for row in doc.tables[2].rows)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert filled.budget.title in text


@pytest.mark.parametrize("persona", NEVER)
def test_claimants_families_and_elders_never_see_budgets(world, filled, persona):
    client = world.client(persona)
    for url in ("/finance/budgets/", f"/finance/budgets/{filled.budget.pk}/", "/finance/report/",
                "/finance/report.xlsx", "/finance/report.docx", "/api/v1/finance/budgets/",
                "/api/v1/finance/budgets/report/", f"/api/v1/finance/budget-lines/{filled.activity.pk}/"):
        assert client.get(url).status_code == 404, url
    assert selectors.home_panel(world.actor(persona)) is None


def test_the_home_page_shows_finance_and_the_committee_the_chart_and_the_balance(world, filled):
    for persona in ("finance", "director", "leader"):
        panel = selectors.home_panel(world.actor(persona))
        assert panel is not None and panel["chart"]["id"] == "finance-execution"
        body = world.client(persona).get("/").content.decode()
        assert 'id="finance-balance-panel"' in body and 'id="finance-execution-panel"' in body
    assert 'id="finance-balance-panel"' not in world.client("head_teacher_a").get("/").content.decode()


def lines_of(n: int):
    return tuple(("other", f"项目{i:02d}", "1000") for i in range(n))


def year_with(world, n: int) -> SchoolYear:
    """A year of n lines, each with a claim and an approved activity's commitment."""
    year = SchoolYear.objects.create(school=world.school, name=f"{2000 + n}学年", start=dt.date(2000 + n, 9, 1),
                                     end=dt.date(2001 + n, 7, 15))
    fb = make_budget(world, year=year, lines=lines_of(n))
    for i, line in enumerate(fb.lines):
        claim(world, line, "10", kind="materials")
        activity = h.make(world, f"活动{n}-{i}", status=ActivityStatus.APPROVED, budget_request=Decimal("100"))
        Commitment.objects.create(school=world.school, line=line, activity=activity, amount=Decimal("100"))
    return year


def report_queries(world, n: int) -> int:
    year = year_with(world, n)
    client = world.client("finance")
    client.get(f"/finance/report/?year={year.pk}")  # the process's first request warms its caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/finance/report/?year={year.pk}").status_code == 200
    return len(ctx.captured_queries)


def test_the_reports_queries_do_not_grow_with_its_lines(world):
    assert report_queries(world, 30) == report_queries(world, 5)


def test_the_activities_go_by_pages_on_the_page_and_all_into_the_workbook(world):
    year = year_with(world, 30)
    client = world.client("finance")
    first = client.get(f"/finance/report/?year={year.pk}").content.decode()
    second = client.get(f"/finance/report/?year={year.pk}&page=2").content.decode()
    assert first.count("data-activity=") == 25 and second.count("data-activity=") == 5
    assert f"?year={year.pk}&amp;page=2" in first  # the next page keeps the year
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(client.get(f"/finance/report.xlsx?year={year.pk}").streaming_content)))
    titles = {c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert {f"活动30-{i}" for i in range(30)} <= titles
