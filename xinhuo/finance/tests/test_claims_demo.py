"""The demo school's expense claims: forty claims by several staff in every state (draft, submitted, checked,
first-approved, approved, paid — most —, returned, rejected, withdrawn) on this year's approved budget, each with a
receipt photo and a history, linked to the demo's activities where natural; no line goes below zero and earmarked
lines hold only the kinds they take; the README's accounts see them in their lists and queues."""

from __future__ import annotations

from collections import Counter

import pytest

from xinhuo.core.access import Actor, build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.finance.budgets.money import positions
from xinhuo.finance.claims import selectors
from xinhuo.finance.models import BudgetLine, ClaimStatus, ExpenseClaim

S = ClaimStatus


def actor(username: str) -> Actor:
    found = build_actor(User.objects.get(username=username))
    assert found is not None
    return found


@pytest.mark.django_db
def test_the_demo_claims():
    build_demo(size="small", password="Demo-Pass-2026")
    director = actor("director")
    claims = ExpenseClaim.objects.filter(school=director.school)
    assert claims.count() == 40
    statuses = Counter(claims.values_list("status", flat=True))
    assert set(statuses) == set(S.values)
    assert statuses[S.PAID] >= 15 and statuses[S.PAID] == max(statuses.values())
    assert claims.values("claimant").distinct().count() >= 4
    assert claims.exclude(activity=None).count() >= 8
    assert all(c.receipts.count() == 1 and c.steps.exists() for c in claims)
    assert all(c.steps.order_by("at", "pk").values_list("to_status", flat=True).last() == c.status for c in claims)
    assert all(c.approved_by_id != c.claimant_id and c.second_by_id not in (c.claimant_id, c.approved_by_id)
               for c in claims.exclude(second_by=None))
    assert claims.filter(needs_second=True, status__in=[S.PAID, S.APPROVED]).exclude(second_by=None).exists()
    lines = list(BudgetLine.objects.filter(pk__in=claims.values("line")))
    for pk, pos in positions(lines).items():
        assert pos.balance >= 0, pk
    for claim in claims.select_related("line"):
        if claim.line.earmarked and claim.line.allowed_kinds:
            assert claim.kind in claim.line.allowed_kinds, claim.title
    finance = actor("finance")
    assert selectors.box(finance, "check").count() == statuses[S.SUBMITTED]
    assert selectors.box(finance, "pay").count() == statuses[S.APPROVED]
    teacher = actor("teacher")
    assert selectors.box(teacher, "mine").count() >= 5
    assert selectors.box(director, "approve").exists()
