"""The demo school's bursaries: three funds (one donor not named), donations since September, about fifteen grants
in every state that matters (paid, approved, one waiting, one returned), all within each fund's balance and
restrictions; the donor who did not consent shows as 爱心人士 to a head teacher; the README's parent sees their
child's bursary."""

from __future__ import annotations

import pytest

from xinhuo.community.bursaries import selectors
from xinhuo.community.models import Donor, Fund, Grant, GrantStatus
from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User


@pytest.mark.django_db
def test_the_demo_bursaries():
    build_demo(size="small", password="Demo-Pass-2026")
    director = User.objects.get(username="director")
    actor = build_actor(director)
    funds = list(selectors.funds(actor))
    assert len(funds) == 3
    assert Donor.objects.filter(school=actor.school, named_publicly=False).count() == 1
    grants = Grant.objects.filter(school=actor.school)
    assert 12 <= grants.count() <= 20
    statuses = set(grants.values_list("status", flat=True))
    assert {GrantStatus.PAID, GrantStatus.APPLIED, GrantStatus.RETURNED} <= statuses
    assert grants.filter(status=GrantStatus.APPLIED).count() == 1
    for fund in funds:
        assert selectors.balance(fund) >= 0, fund.name
        for g in grants.filter(fund=fund).exclude(groups_snapshot=""):
            assert g.steps.exists()
        if fund.max_per_student_year:
            assert all(g.amount <= fund.max_per_student_year for g in grants.filter(fund=fund))
    teacher = build_actor(User.objects.get(username="teacher"))
    anonymous = Fund.objects.get(school=actor.school, donor__named_publicly=False)
    shown = selectors.fund_detail(teacher, anonymous.pk)
    assert shown.donor.public_name == "爱心人士"
    parent = build_actor(User.objects.get(username="parent"))
    assert selectors.my_children_grants(parent).exists()
    assert selectors.dashboard_panel(actor)["waiting"] == 1
