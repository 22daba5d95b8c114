"""services.check_claim: what the claims part relies on to refuse a claim that would overspend its line or break
its earmark (专款专用), with the figures in the message; a claim for an approved activity first uses the money
committed to it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import override

from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.core.db import lock
from xinhuo.finance.budgets.services import check_claim
from xinhuo.finance.models import BudgetLine, ClaimStatus, Commitment, ExpenseClaim

from .finance_support import FUND_PURPOSE, finance_budget, make_budget

pytestmark = pytest.mark.django_db


def check(line, kind, amount, activity_id=None, **kw):
    with transaction.atomic():
        check_claim(lock(BudgetLine, line.pk), kind, Decimal(amount), activity_id, **kw)


def refusal(line, kind, amount, activity_id=None, **kw) -> dict:
    with override("en"), pytest.raises(ValidationError) as exc:
        check(line, kind, amount, activity_id, **kw)
    return exc.value.message_dict


def claim(world, line, amount, status=ClaimStatus.SUBMITTED, activity=None, kind="materials"):
    return ExpenseClaim.objects.create(school=world.school, claimant=world.users["head_teacher_a"], title="报销",
                                       kind=kind, amount=Decimal(amount), spent_on=dt.date(2026, 10, 1), line=line,
                                       activity=activity, status=status)


def test_a_claim_within_the_balance_passes_and_one_beyond_it_is_refused_with_the_figures(world):
    fb = finance_budget(world)
    claim(world, fb.activity, "19000", ClaimStatus.PAID)
    claim(world, fb.activity, "500.50", ClaimStatus.CHECKED)
    check(fb.activity, "materials", "499.50")  # exactly the balance
    errors = refusal(fb.activity, "materials", "499.51")
    assert list(errors) == ["amount"]
    message = errors["amount"][0]
    assert "499.51" in message and "balance is ¥499.50" in message and "20,000.00" in message
    assert "19,000.00" in message and "500.50" in message


def test_a_claim_breaking_an_earmark_is_refused_naming_its_purpose_and_kinds(world):
    fb = finance_budget(world)
    errors = refusal(fb.care, "meals", "10")
    assert list(errors) == ["kind"]
    assert "走访慰问困难五老和困难学生" in errors["kind"][0] and "Condolence gifts" in errors["kind"][0]
    check(fb.care, "gifts", "10")
    errors = refusal(fb.aid, "printing", "10")  # the donor's fund: its purpose
    assert FUND_PURPOSE in errors["kind"][0] and "Aid paid to a family" in errors["kind"][0]
    check(fb.aid, "aid", "12000")


def test_a_claim_on_a_draft_budget_is_refused(world):
    fb = make_budget(world, approved=False)
    assert list(refusal(fb.activity, "materials", "1")) == ["line"]


def test_a_zero_or_negative_amount_is_refused(world):
    fb = finance_budget(world)
    assert list(refusal(fb.activity, "materials", "0")) == ["amount"]
    assert list(refusal(fb.activity, "materials", "-5")) == ["amount"]


def test_a_claim_for_an_approved_activity_uses_its_commitment_first(world):
    fb = finance_budget(world)
    activity = h.make(world, "秋季研学", status=ActivityStatus.APPROVED)
    Commitment.objects.create(school=world.school, line=fb.activity, activity=activity, amount=Decimal("5000"))
    claim(world, fb.activity, "15000", ClaimStatus.APPROVED)  # balance 0 now: 20000 − 5000 − 15000
    check(fb.activity, "materials", "5000", activity.pk)  # the committed money is the activity's
    errors = refusal(fb.activity, "materials", "5000.01", activity.pk)
    assert "5,000.00 of what is committed is this activity's" in errors["amount"][0]
    assert list(refusal(fb.activity, "materials", "0.01")) == ["amount"]  # not for the activity: nothing left
    claim(world, fb.activity, "2000", ClaimStatus.SUBMITTED, activity)
    check(fb.activity, "materials", "3000", activity.pk)
    assert list(refusal(fb.activity, "materials", "3000.01", activity.pk)) == ["amount"]


def test_a_claim_checked_again_does_not_count_its_own_reservation(world):
    fb = finance_budget(world)
    mine = claim(world, fb.activity, "20000", ClaimStatus.CHECKED)
    assert list(refusal(fb.activity, "materials", "20000")) == ["amount"]
    check(fb.activity, "materials", "20000", claim_id=mine.pk)
