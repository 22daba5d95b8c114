"""Access-matrix cases of expense claims (GOV-3).

Claimants (the staff roles but the administrator) see their own claims; finance sees them all, checks and pays;
the approvers (director, leader) see every claim past the draft and approve. The claims here are head teacher A's:
a submitted one (seen by A, finance, director, leader; only finance checks it) and a draft (only A's). Head
teacher B, the counsellor and the outsider (a director of another school) have their own lists but not A's claims;
the administrator, the elder, parents and students have nothing (404)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from xinhuo.core.tests.matrix import Case, k

SUBMIT = {"director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance", "outsider"}
HANDLE = {"director", "leader", "finance", "outsider"}
SEES_SUBMITTED = {"head_teacher_a", "finance", "director", "leader"}
OWNER = {"head_teacher_a"}


def _line(w):
    from xinhuo.finance.models import BudgetLine
    from xinhuo.finance.tests.finance_support import finance_budget

    line = BudgetLine.objects.filter(school=w.school, name="活动").first()
    return line or finance_budget(w).activity


def _claim(w, status: str, title: str) -> int:
    from django.core.files.base import ContentFile

    from xinhuo.core.tests.upload_samples import pdf_bytes
    from xinhuo.finance.models import ClaimReceipt, ExpenseClaim

    found = ExpenseClaim.objects.filter(school=w.school, title=title).first()
    if found:
        return found.pk
    claim = ExpenseClaim.objects.create(school=w.school, claimant=w.users["head_teacher_a"], title=title,
                                        kind="transport", amount=Decimal("320.00"), spent_on=dt.date(2026, 10, 12),
                                        line=_line(w), status=status)
    receipt = ClaimReceipt(claim=claim, name="发票.pdf", size=100, uploaded_by=w.users["head_teacher_a"])
    receipt.file.save("receipt.pdf", ContentFile(pdf_bytes("fapiao")), save=False)
    receipt.save()
    return claim.pk


def submitted(w, e=None) -> int:
    return _claim(w, "submitted", "研学实践大巴车费")


def draft(w, e=None) -> int:
    return _claim(w, "draft", "家长学校讲义印刷费")


def receipt_of(claim):
    def pk(w, e=None) -> int:
        from xinhuo.finance.models import ClaimReceipt

        return ClaimReceipt.objects.filter(claim_id=claim(w)).values_list("pk", flat=True).get()

    return pk


SUB = k(pk=submitted)
DRAFT = k(pk=draft)

CASES: list = [
    Case("finance:claims-mine", SUBMIT),
    Case("finance:claims-queue", HANDLE),
    Case("finance:claims-new", SUBMIT),
    Case("finance:claims-new", SUBMIT, ok=400, method="post", data={"title": ""}),
    Case("finance:claims-detail", SEES_SUBMITTED, kwargs=SUB),
    Case("finance:claims-detail", OWNER, kwargs=DRAFT),  # a draft is the claimant's alone
    Case("finance:claims-edit", OWNER, kwargs=DRAFT),
    # checking is finance's: the claimant and the approvers see the claim but the step is a 404 for them
    Case("finance:claims-step", {"finance"}, ok=302, method="post", kwargs=SUB, data={"action": "check"}),
    Case("finance:claims-receipt-add", OWNER, ok=302, method="post", kwargs=DRAFT),
    Case("finance:claims-receipt", SEES_SUBMITTED, kwargs=k(pk=receipt_of(submitted))),
    Case("finance:claims-receipt-remove", OWNER, ok=302, method="post", kwargs=k(pk=receipt_of(draft))),
    # -- API
    Case("api:finance-claim-list", SUBMIT, api=True),
    Case("api:finance-claim-list", SUBMIT, ok=400, method="post", api=True),
    Case("api:finance-claim-detail", SEES_SUBMITTED, kwargs=SUB, api=True),
    Case("api:finance-claim-detail", OWNER, method="patch", kwargs=DRAFT, api=True, data={"title": "讲义印刷费"}),
    Case("api:finance-claim-receipts", OWNER, ok=400, method="post", kwargs=DRAFT, api=True),
    Case("api:finance-claim-submit", OWNER, method="post", kwargs=DRAFT, api=True),
    Case("api:finance-claim-step", SEES_SUBMITTED, ok=400, method="post", kwargs=SUB, api=True),
    Case("api:finance-claim-lines", SUBMIT, api=True),
]
