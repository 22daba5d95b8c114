"""Whatever sequence of claims is submitted, checked, approved (once or twice), returned, changed and resubmitted,
rejected, withdrawn or paid through the services, a line's balance (budget − committed − waiting − spent) never
goes below zero, and it is exactly the budget less the claims that reserve money; a refused submission changes
nothing (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinhuo.finance.budgets.money import position
from xinhuo.finance.claims import services
from xinhuo.finance.models import RESERVING, ClaimReceipt, ClaimStatus, ExpenseClaim

from .finance_support import finance_budget
from .test_claims_services import DAY

pytestmark = pytest.mark.django_db
S = ClaimStatus
cents = st.integers(min_value=1, max_value=80_000).map(lambda c: Decimal(c) / 100)  # up to 800 yuan
CLAIMANTS = ("head_teacher_a", "head_teacher_b", "counsellor")
operation = st.one_of(
    st.tuples(st.just("new"), cents, st.sampled_from(CLAIMANTS)),
    st.tuples(st.sampled_from(["check", "approve", "approve_leader", "return", "reject", "withdraw", "pay",
                               "resubmit"]), st.integers(min_value=0, max_value=7), cents),
)
ACTORS = {"check": "finance", "approve": "director", "approve_leader": "leader", "return": "finance",
          "reject": "finance", "pay": "finance"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(budget=st.integers(min_value=0, max_value=2000).map(Decimal), ops=st.lists(operation, max_size=14))
def test_the_balance_never_goes_below_zero(world, budget, ops):
    with transaction.atomic():
        line = finance_budget(world).activity
        line.amount = budget
        line.save()
        made: list[ExpenseClaim] = []
        for op in ops:
            before = position(line)
            try:
                if op[0] == "new":
                    _, amount, persona = op
                    claim = services.claim_save(actor=world.actor(persona), title="车费", kind="transport",
                                                amount=amount, spent_on=DAY, line=line, receipts=[])
                    ClaimReceipt.objects.create(claim=claim, file="finance/receipt.pdf", name="发票.pdf", size=9)
                    made.append(claim)
                    services.claim_step(actor=world.actor(persona), claim=claim, action="submit")
                elif made:
                    action, index, amount = op
                    claim = made[index % len(made)]
                    claim.refresh_from_db()
                    owner = next(p for p in CLAIMANTS if world.users[p].pk == claim.claimant_id)
                    if action == "resubmit":
                        services.claim_save(actor=world.actor(owner), claim=claim, title="车费", kind="transport",
                                            amount=amount, spent_on=DAY, line=line)
                        services.claim_step(actor=world.actor(owner), claim=claim, action="submit")
                    elif action == "withdraw":
                        services.claim_step(actor=world.actor(owner), claim=claim, action="withdraw")
                    else:
                        name = "approve" if action == "approve_leader" else action
                        services.claim_step(actor=world.actor(ACTORS[action]), claim=claim, action=name,
                                            comment="意见")
            except (ValidationError, Http404):
                after = position(line)
                assert after.waiting + after.spent <= before.waiting + before.spent  # a refusal reserves nothing
            pos = position(line)
            assert pos.balance >= 0
            reserved = sum((c.amount for c in ExpenseClaim.objects.filter(line=line, status__in=RESERVING)),
                           Decimal(0))
            assert pos.balance == budget - reserved and pos.committed == 0
        transaction.set_rollback(True)
