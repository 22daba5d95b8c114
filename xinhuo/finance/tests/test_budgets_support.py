"""The shared finance fixture builds what the budgets and claims tests rely on."""

from decimal import Decimal

import pytest

from xinhuo.finance.budgets.money import position

from .finance_support import CARE_KINDS, finance_budget

pytestmark = pytest.mark.django_db


def test_the_shared_budget_has_its_lines_an_earmark_and_a_fund(world):
    fb = finance_budget(world)
    assert sum(x.amount for x in fb.lines) == Decimal("60000")
    assert fb.care.earmarked and fb.care.allowed_kinds == CARE_KINDS
    assert fb.fund is not None and fb.aid.fund == fb.fund
    assert fb.aid.earmarked and fb.aid.earmark_purpose == fb.fund.purpose
    assert not fb.activity.earmarked and position(fb.activity).balance == Decimal("20000")
