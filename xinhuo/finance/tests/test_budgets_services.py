"""Budgets and lines: bad amounts refused with a message and nothing written; an approved budget's line raised or
added only with a note, never lowered below what it holds (the message gives the figures), its category and
earmark kept; a donor's fund earmarks its line; only the director approves a budget and sets the threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext, override

from xinhuo.core.models import SchoolYear
from xinhuo.finance.budgets import selectors, services
from xinhuo.finance.models import Budget, BudgetLine, BudgetStatus, ClaimStatus, Commitment, ExpenseClaim

from .finance_support import finance_budget, make_budget

pytestmark = pytest.mark.django_db


def refused(call, **kw) -> dict:
    with override("en"), pytest.raises(ValidationError) as exc:
        call(**kw)
    return exc.value.message_dict if hasattr(exc.value, "error_dict") else {"__all__": exc.value.messages}


def next_year(world) -> SchoolYear:
    return SchoolYear.objects.get_or_create(school=world.school, name="2027-2028学年",
                                            defaults={"start": dt.date(2027, 9, 1), "end": dt.date(2028, 7, 15)})[0]


def add(world, budget, amount="100", name="宣传品", **kw) -> BudgetLine:
    return services.line_save(actor=world.actor("finance"), budget=budget, category="publicity", name=name,
                              amount=amount, **kw)


@pytest.mark.parametrize("bad", ["-1", "12.345", "abc", "1e400", "NaN", "Infinity", "100000000", ""])
def test_bad_amounts_are_refused_with_a_message(world, bad):
    budget = services.budget_save(actor=world.actor("finance"), year=next_year(world), title="下学年预算")
    errors = refused(add, world=world, budget=budget, amount=bad)
    assert list(errors) == ["amount"]
    assert not BudgetLine.objects.filter(budget=budget).exists()


@pytest.mark.parametrize(("good", "stored"), [("5000", "5000.00"), ("1,234.5", "1234.50"), ("0", "0.00"),
                                              ("99999999.99", "99999999.99"), ("12.300", "12.30"), ("１２", "12.00")])
def test_amounts_are_kept_exact(world, good, stored):
    budget = services.budget_save(actor=world.actor("finance"), year=next_year(world), title="下学年预算")
    line = add(world, budget, amount=good)
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal(stored)


def test_a_year_has_one_budget_and_a_title(world):
    finance_budget(world)
    finance = world.actor("finance")
    assert list(refused(services.budget_save, actor=finance, year=world.year, title="再来一个")) == ["year"]
    assert "title" in refused(services.budget_save, actor=finance, year=next_year(world), title=" ")
    with pytest.raises(Http404):
        services.budget_save(actor=world.actor("director"), year=next_year(world), title="主任起草")


def test_only_the_director_approves_a_budget_with_lines(world):
    budget = services.budget_save(actor=world.actor("finance"), year=next_year(world), title="下学年预算")
    for persona in ("finance", "leader", "head_teacher_a", "outsider"):
        with pytest.raises(Http404):
            services.budget_approve(actor=world.actor(persona), budget=budget)
    assert refused(services.budget_approve, actor=world.actor("director"), budget=budget)  # no lines yet
    add(world, budget, amount="3000")
    services.budget_approve(actor=world.actor("director"), budget=budget)
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.APPROVED and budget.approved_by == world.users["director"]
    assert refused(services.budget_approve, actor=world.actor("director"), budget=budget)  # approved already


def test_an_approved_line_is_raised_with_a_note_and_never_lowered_below_what_it_holds(world):
    fb = finance_budget(world)
    line = fb.activity
    ExpenseClaim.objects.create(school=world.school, claimant=world.users["head_teacher_a"], title="材料",
                                kind="materials", amount=Decimal("6000"), spent_on=dt.date(2026, 10, 1), line=line,
                                status=ClaimStatus.PAID)
    ExpenseClaim.objects.create(school=world.school, claimant=world.users["head_teacher_a"], title="车费",
                                kind="transport", amount=Decimal("1500.50"), spent_on=dt.date(2026, 10, 2),
                                line=line, status=ClaimStatus.SUBMITTED)
    finance = world.actor("finance")
    kw = {"actor": finance, "budget": fb.budget, "line": line, "category": "activity", "name": "活动"}
    assert list(refused(services.line_save, amount="25000", **kw)) == ["note"]  # approved: say why
    errors = refused(services.line_save, amount="7500.49", note="压缩开支", **kw)
    assert list(errors) == ["amount"]
    assert "7,500.50" in errors["amount"][0] and "6,000.00" in errors["amount"][0]
    assert "1,500.50" in errors["amount"][0] and "7,500.49" in errors["amount"][0]
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("20000")
    services.line_save(amount="7500.50", note="压缩开支", **kw)  # down to exactly what it holds
    services.line_save(amount="26000", note="增加研学活动", **kw)
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("26000")
    changes = services.line_changes(fb.budget, fb.lines)
    assert [c["note"] for c in changes] == ["增加研学活动", "压缩开支"]
    assert changes[0]["who"] == world.users["finance"]
    added = add(world, fb.budget, amount="500", name="横幅", note="新增横幅")
    assert added.budget == fb.budget


def test_an_approved_lines_category_and_earmark_stay(world):
    fb = finance_budget(world)
    kw = {"actor": world.actor("finance"), "budget": fb.budget, "line": fb.care, "name": "慰问", "amount": "8000",
          "note": "改"}
    assert "category" in refused(services.line_save, category="other", earmarked=True,
                                 earmark_purpose=fb.care.earmark_purpose, allowed_kinds=fb.care.allowed_kinds, **kw)
    assert "category" in refused(services.line_save, category="care", earmarked=False, **kw)


def test_a_line_on_a_donors_fund_is_earmarked_to_its_purpose(world):
    fb = finance_budget(world)
    assert fb.fund is not None
    budget = services.budget_save(actor=world.actor("finance"), year=next_year(world), title="下学年预算")
    line = services.line_save(actor=world.actor("finance"), budget=budget, category="aid", name="资助",
                              amount="5000", fund=fb.fund.pk, allowed_kinds=["aid"])
    assert line.earmarked and line.fund == fb.fund and line.earmark_purpose == fb.fund.purpose
    errors = refused(services.line_save, actor=world.actor("finance"), budget=budget, category="aid", name="资助2",
                     amount="5000", fund=999999)
    assert list(errors) == ["fund"]
    errors = refused(services.line_save, actor=world.actor("finance"), budget=budget, category="care", name="慰问",
                     amount="5000", earmarked=True, earmark_purpose="", allowed_kinds=["bogus"])
    assert set(errors) == {"earmark_purpose", "allowed_kinds"}


def test_a_draft_line_is_removed_but_not_an_approved_one(world):
    fb = finance_budget(world)
    assert refused(services.line_delete, actor=world.actor("finance"), line=fb.line("办公"))
    draft = make_budget(world, year=next_year(world), approved=False, lines=(("office", "办公", "100"),))
    services.line_delete(actor=world.actor("finance"), line=draft.lines[0])
    assert not BudgetLine.objects.filter(budget=draft.budget).exists()


def test_only_the_director_sets_the_second_approval_threshold(world):
    assert selectors.finance_settings(world.school).second_approval_over == Decimal("2000")
    assert refused(services.settings_save, actor=world.actor("finance"), second_approval_over="500")
    assert "second_approval_over" in refused(services.settings_save, actor=world.actor("director"),
                                             second_approval_over="-3")
    services.settings_save(actor=world.actor("director"), second_approval_over="1500.5")
    assert selectors.finance_settings(world.school).second_approval_over == Decimal("1500.50")
    with pytest.raises(Http404):
        services.settings_save(actor=world.actor("head_teacher_a"), second_approval_over="1")


def test_the_pages_refuse_a_bad_line_with_the_message_and_write_nothing(world):
    fb = finance_budget(world)
    client = world.client("finance")
    url = f"/finance/budgets/lines/{fb.activity.pk}/edit/"
    with override("en"):
        response = client.post(url, {"category": "activity", "name": "活动", "amount": "10.999", "note": "x"})
    assert response.status_code == 400
    with override("zh-hans"):  # the page speaks the user's language
        assert gettext("An amount has at most two decimals (fen).") in response.content.decode()
    assert BudgetLine.objects.get(pk=fb.activity.pk).amount == Decimal("20000")
    response = client.post(f"/finance/budgets/{fb.budget.pk}/lines/new/",
                           {"category": "training", "name": "骨干培训", "amount": "1200", "note": "新增培训"})
    assert response.status_code == 302
    assert BudgetLine.objects.get(budget=fb.budget, name="骨干培训").amount == Decimal("1200")


def test_the_director_approves_on_the_page_and_over_the_api(world):
    year = next_year(world)
    draft = make_budget(world, year=year, approved=False, lines=(("office", "办公", "100"),))
    assert world.client("finance").post(f"/finance/budgets/{draft.budget.pk}/approve/").status_code == 404
    assert world.client("director").post(f"/finance/budgets/{draft.budget.pk}/approve/").status_code == 302
    assert Budget.objects.get(pk=draft.budget.pk).status == BudgetStatus.APPROVED
    response = world.client("director").post(f"/api/v1/finance/budgets/{draft.budget.pk}/approve/")
    assert response.status_code == 400  # approved already: the message says so


def test_the_api_writes_lines_as_the_page_does(world):
    fb = finance_budget(world)
    client = world.client("finance")
    response = client.post("/api/v1/finance/budget-lines/", {"budget": fb.budget.pk, "category": "reward",
                                                             "name": "表彰", "amount": "800", "note": "年终表彰"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["position"]["balance"] == "800.00"
    response = client.put(f"/api/v1/finance/budget-lines/{fb.activity.pk}/",
                          {"category": "activity", "name": "活动", "amount": "-5", "note": "x"},
                          content_type="application/json")
    assert response.status_code == 400 and "amount" in response.json()
    assert world.client("leader").post("/api/v1/finance/budget-lines/", {}).status_code == 404
    assert Commitment.objects.count() == 0
