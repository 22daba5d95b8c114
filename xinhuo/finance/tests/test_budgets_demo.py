"""The demo school's budgets: this year's approved (about ¥60,000, the 资助 line on the community's donor fund and
earmarked to its purpose, the 慰问 line earmarked), last year's approved and done; the approved activities with a
budget request hold their commitments (closed with an actual cost once summarised); nothing is overspent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from xinhuo.activities.models import Activity
from xinhuo.core.access import build_actor
from xinhuo.core.demo import SIZES, DemoContext, build_demo
from xinhuo.core.models import User
from xinhuo.finance.budgets import selectors
from xinhuo.finance.budgets.demo import build
from xinhuo.finance.models import Budget, Commitment, CommitmentStatus


@pytest.mark.django_db
def test_the_demo_budgets():
    build_demo(size="small", password="Demo-Pass-2026")
    director = User.objects.get(username="director")
    actor = build_actor(director)
    finance = build_actor(User.objects.get(username="finance"))
    assert actor is not None and finance is not None
    if not Budget.objects.filter(school=actor.school).exists():  # until the lead joins this builder to the demo
        build(DemoContext(school=actor.school, today=timezone.localdate(), size=SIZES["small"], named=True,
                          builder=None, director=director))  # type: ignore[arg-type]
    budgets = list(selectors.budgets(actor))
    assert len(budgets) == 2 and all(b.status == "approved" for b in budgets)
    data = selectors.report(finance)
    lines = {r["line"].name: r["line"] for r in data["lines"]}
    assert set(lines) == {"宣传", "活动", "培训", "慰问", "奖励", "资助", "办公"}
    assert lines["资助"].fund is not None and lines["资助"].earmarked
    assert lines["资助"].earmark_purpose == (lines["资助"].fund.purpose or lines["资助"].fund.name)[:200]
    assert lines["慰问"].earmarked and lines["宣传"].amount == Decimal("5000")
    others = sum(x.amount for name, x in lines.items() if name != "活动")
    assert others == Decimal("40000") and lines["活动"].amount >= Decimal("20000")  # raised for many activities
    assert not data["over"]
    commitments = Commitment.objects.filter(school=actor.school)
    assert commitments.filter(status=CommitmentStatus.PENDING).exists()
    closed = commitments.filter(status=CommitmentStatus.CLOSED)
    assert closed.exists()
    for c in closed.select_related("activity"):
        assert c.actual == Activity.objects.get(pk=c.activity_id).actual_cost is not None
    assert data["activities"] and data["chart"]["categories"] == list(lines)
