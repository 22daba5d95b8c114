"""A line's position (budgets/money.py) is exact and adds up, whatever the claims and the activity's commitment:
balance = budget − committed − waiting − spent; a claim linked to an activity draws its commitment down (on any
line) so the activity's money is never counted twice; a closed commitment counts its actual cost beyond its
claims as spent; a released one counts nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.finance.budgets.money import Position, position, positions, total
from xinhuo.finance.models import ClaimStatus, Commitment, CommitmentStatus, ExpenseClaim

from .finance_support import finance_budget

pytestmark = pytest.mark.django_db

SPENT = {ClaimStatus.APPROVED, ClaimStatus.PAID}
WAITING = {ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, ClaimStatus.FIRST_APPROVED}
cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c) / 100)
claim = st.tuples(cents, st.sampled_from(list(ClaimStatus)), st.booleans(), st.booleans())  # on_line, for_activity
commitment = st.one_of(st.none(), st.tuples(cents, st.sampled_from(list(CommitmentStatus)),
                                            st.one_of(st.none(), cents)))


def add_claim(world, line, amount, status, activity=None) -> ExpenseClaim:
    return ExpenseClaim.objects.create(school=world.school, claimant=world.users["head_teacher_a"], title="报销",
                                       kind="materials", amount=amount, spent_on=dt.date(2026, 10, 1), line=line,
                                       activity=activity, status=status)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(budget=cents, claims=st.lists(claim, max_size=8), held=commitment)
def test_positions_are_exact_and_add_up(world, budget, claims, held):
    with transaction.atomic():
        fb = finance_budget(world)
        line, other = fb.activity, fb.line("宣传")
        line.amount = budget
        line.save()
        activity = h.make(world, "秋季研学", status=ActivityStatus.APPROVED)
        for amount, status, on_line, for_activity in claims:
            add_claim(world, line if on_line else other, amount, status, activity if for_activity else None)
        if held:
            Commitment.objects.create(school=world.school, line=line, activity=activity, amount=held[0],
                                      status=held[1], actual=held[2])
        pos = position(line)
        both = positions([line, other])

        reserving = [c for c in claims if c[1] in SPENT | WAITING]
        waiting = sum((a for a, s, on, _ in reserving if on and s in WAITING), Decimal(0))
        spent = sum((a for a, s, on, _ in reserving if on and s in SPENT), Decimal(0))
        for_activity = sum((a for a, _, _, act in reserving if act), Decimal(0))
        committed = Decimal(0)
        if held and held[1] == CommitmentStatus.PENDING:
            committed = max(held[0] - for_activity, Decimal(0))
        elif held and held[1] == CommitmentStatus.CLOSED:
            spent += max((held[2] or Decimal(0)) - for_activity, Decimal(0))

        assert pos == Position(budget, committed, waiting, spent) == both[line.pk]
        assert pos.balance == budget - committed - waiting - spent
        assert all(isinstance(x, Decimal) for x in (pos.committed, pos.waiting, pos.spent, pos.balance))
        # the activity's money is counted once over both lines: its claims, or its commitment when larger
        rest = sum((a for a, _, _, act in reserving if not act), Decimal(0))
        if held and held[1] == CommitmentStatus.PENDING:
            expected = rest + max(held[0], for_activity)
        elif held and held[1] == CommitmentStatus.CLOSED:
            expected = rest + max(held[2] or Decimal(0), for_activity)
        else:
            expected = rest + for_activity
        assert sum((p.used for p in both.values()), Decimal(0)) == expected
        assert total(both.values()).balance == sum((p.balance for p in both.values()), Decimal(0))
        transaction.set_rollback(True)


def test_a_claim_for_the_activity_draws_its_commitment_down(world):
    fb = finance_budget(world)
    activity = h.make(world, "秋季研学", status=ActivityStatus.APPROVED)
    Commitment.objects.create(school=world.school, line=fb.activity, activity=activity, amount=Decimal("3000"))
    assert position(fb.activity) == Position(Decimal("20000"), Decimal("3000"), Decimal(0), Decimal(0))
    add_claim(world, fb.activity, Decimal("1200.50"), ClaimStatus.SUBMITTED, activity)
    assert position(fb.activity) == Position(Decimal("20000"), Decimal("1799.50"), Decimal("1200.50"), Decimal(0))
    assert position(fb.activity).balance == Decimal("17000")
    add_claim(world, fb.activity, Decimal("0.01"), ClaimStatus.REJECTED, activity)  # not reserving: nothing
    assert position(fb.activity).balance == Decimal("17000")


def test_positions_take_the_same_queries_for_many_lines(world, django_assert_max_num_queries):
    fb = finance_budget(world)
    with django_assert_max_num_queries(2):
        found = positions(fb.lines)
    assert set(found) == {x.pk for x in fb.lines}
