"""Access-matrix cases of budgets, lines, commitments, the finance rules and the execution report (GOV-3).

Finance drafts and changes budgets and lines and moves or releases commitments; the director approves and sets the
second-approval threshold; the committee (director, leader) and finance read budgets and the report. Teachers who
claim, the counsellor, the elder, parents, students and the administrator see nothing of budgets (404). The
outsider is a director of another school: their own school's lists open, this school's budgets are 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from xinhuo.core.tests.matrix import Case, k

READ = {"finance", "director", "leader"}
FINANCE = {"finance"}
DIRECTOR = {"director"}
OWN_SCHOOL = {"outsider"}


def approved(w, e=None) -> int:
    from xinhuo.finance.models import Budget
    from xinhuo.finance.tests.finance_support import finance_budget

    found = Budget.objects.filter(school=w.school, year=w.year).first()
    return found.pk if found else finance_budget(w).budget.pk


def line(w, e=None) -> int:
    from xinhuo.finance.models import BudgetLine

    return BudgetLine.objects.get(budget_id=approved(w), name="活动").pk


def draft(w, e=None) -> int:
    from xinhuo.core.models import SchoolYear
    from xinhuo.finance.models import Budget
    from xinhuo.finance.tests.finance_support import make_budget

    year, _ = SchoolYear.objects.get_or_create(school=w.school, name="2027-2028学年",
                                               defaults={"start": dt.date(2027, 9, 1), "end": dt.date(2028, 7, 15)})
    found = Budget.objects.filter(school=w.school, year=year).first()
    return found.pk if found else make_budget(w, year=year, approved=False,
                                              lines=(("activity", "活动", "1000"),)).budget.pk


def draft_line(w, e=None) -> int:
    from xinhuo.finance.models import BudgetLine

    return BudgetLine.objects.filter(budget_id=draft(w)).first().pk  # type: ignore[union-attr]


def commitment(w, e=None) -> int:
    from xinhuo.activities.models import ActivityStatus
    from xinhuo.activities.tests import helpers as h
    from xinhuo.finance.models import Commitment

    activity = h.make(w, "秋季研学", status=ActivityStatus.APPROVED, budget_request=Decimal("800"))
    found = Commitment.objects.filter(activity=activity).first()
    return (found or Commitment.objects.create(school=w.school, line_id=line(w), activity=activity,
                                               amount=Decimal("800"))).pk


B = k(pk=approved)
CASES = [
    Case("finance:budgets-home", READ | OWN_SCHOOL),
    Case("finance:budgets-new", FINANCE),
    Case("finance:budgets-new", FINANCE, ok=400, method="post"),
    Case("finance:budgets-detail", READ, kwargs=B),
    Case("finance:budgets-edit", FINANCE, kwargs=B),
    Case("finance:budgets-approve", DIRECTOR, ok=302, method="post", kwargs=k(pk=draft)),
    Case("finance:budgets-line-new", FINANCE, kwargs=B),
    Case("finance:budgets-line-edit", FINANCE, kwargs=k(line_pk=line)),
    Case("finance:budgets-line-delete", FINANCE, ok=302, method="post", kwargs=k(line_pk=draft_line)),
    Case("finance:budgets-commitment-move", FINANCE, ok=302, method="post", kwargs=k(pk=commitment)),
    Case("finance:budgets-commitment-release", FINANCE, ok=302, method="post", kwargs=k(pk=commitment)),
    Case("finance:budgets-settings", READ | OWN_SCHOOL),
    Case("finance:budgets-settings", DIRECTOR | OWN_SCHOOL, ok=400, method="post"),
    Case("finance:budgets-report", READ | OWN_SCHOOL, kwargs=lambda w, e: (approved(w), {})[1]),
    Case("finance:budgets-report-xlsx", READ, kwargs=lambda w, e: (approved(w), {})[1]),
    Case("finance:budgets-report-docx", READ, kwargs=lambda w, e: (approved(w), {})[1]),
    Case("api:finance-budget-list", READ | OWN_SCHOOL, api=True),
    Case("api:finance-budget-list", FINANCE, ok=400, method="post", api=True),
    Case("api:finance-budget-detail", READ, kwargs=B, api=True),
    Case("api:finance-budget-approve", DIRECTOR, method="post", kwargs=k(pk=draft), api=True),
    Case("api:finance-budget-report", READ | OWN_SCHOOL, kwargs=lambda w, e: (approved(w), {})[1], api=True),
    Case("api:finance-budget-line-list", READ | OWN_SCHOOL, api=True),
    Case("api:finance-budget-line-list", FINANCE, ok=400, method="post", api=True),
    Case("api:finance-budget-line-detail", READ, kwargs=k(pk=line), api=True),
    Case("api:finance-budget-line-detail", FINANCE, ok=400, method="put", kwargs=k(pk=line), api=True),
]
