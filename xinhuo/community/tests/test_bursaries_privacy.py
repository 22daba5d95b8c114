"""Bursaries and ORG-9: the summary lists a student's grants; erasure keeps the amounts for the fund's accounts but
drops the link to the child, the reason, the special-group snapshot and the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xinhuo.community.bursaries import privacy, selectors, services
from xinhuo.community.models import Grant, GrantStep
from xinhuo.core.registry import ErasureSubject

from .bursaries_support import make_fund, propose, tag

pytestmark = pytest.mark.django_db


def test_summary_and_erasure(world):
    fund = make_fund(world)
    tag(world, world.student_x)
    grant = propose(world, fund, world.student_x)
    services.grant_step(actor=world.actor("director"), grant=grant, action="approve", comment="张小明家访属实")
    other = propose(world, fund, world.student_y, amount="300")
    [(title, lines)] = privacy.summary(world.student_x)
    assert len(lines) == 1 and fund.name in lines[0] and "500.00" in lines[0]
    assert privacy.summary(world.student_z) == []

    out = privacy.erase(ErasureSubject(student_ids=frozenset({world.student_x.pk}),
                                       pseudonyms={world.student_x.pk: f"已离校学生#{world.student_x.pk}"}))
    assert out["community.Grant"] == [grant.pk]
    erased = Grant.objects.get(pk=grant.pk)
    assert erased.student_id is None and erased.reason == "" and erased.groups_snapshot == ""
    assert erased.amount == Decimal("500.00") and erased.student_name == f"已离校学生#{world.student_x.pk}"
    assert all(s.comment == "" for s in GrantStep.objects.filter(grant=grant))
    assert Grant.objects.get(pk=other.pk).reason == "父母在外务工"  # another child's grant untouched
    # the fund's accounts still add up
    fund = selectors.fund_detail(world.actor("director"), fund.pk)
    assert fund.granted == Decimal("500.00") and fund.pending == Decimal("300.00")
    report = world.client("director").get(f"/community/bursaries/funds/{fund.pk}/report/").content.decode()
    assert "张小明" not in report and f"已离校学生#{world.student_x.pk}" in report
