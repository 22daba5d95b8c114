"""What the finance tests share (budgets and claims): this school year's approved budget with its lines, an
earmarked line (专款专用: condolence gifts only) and a line funded by a donor's fund (earmarked to the fund's
purpose). Built straight through the models, so that a claims test does not depend on the budget pages; the
values are the ones the budgets services would write.

    fb = finance_budget(world)             # approved, this school year
    fb.activity, fb.care, fb.aid           # BudgetLine: 活动 (plain), 慰问 (earmarked), 资助 (donor's fund)
    fb.line("宣传")                         # any line by name
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from xinhuo.community.models import Fund
from xinhuo.community.tests.bursaries_support import make_fund
from xinhuo.finance.models import Budget, BudgetLine, BudgetStatus, ExpenseKind, LineCategory

C = LineCategory
# (category, name, amount): the demo's budget, about ¥60,000
LINES: tuple[tuple[str, str, str], ...] = (
    (C.PUBLICITY, "宣传", "5000"),
    (C.ACTIVITY, "活动", "20000"),
    (C.TRAINING, "培训", "6000"),
    (C.CARE, "慰问", "8000"),
    (C.REWARD, "奖励", "6000"),
    (C.AID, "资助", "12000"),
    (C.OFFICE, "办公", "3000"),
)
CARE_PURPOSE = "走访慰问困难五老和困难学生"
CARE_KINDS = [ExpenseKind.GIFTS.value, ExpenseKind.TRANSPORT.value]
FUND_PURPOSE = "资助困难学生"


@dataclass
class FinanceBudget:
    budget: Budget
    lines: list[BudgetLine] = field(default_factory=list)
    fund: Fund | None = None

    def line(self, name: str) -> BudgetLine:
        return next(x for x in self.lines if x.name == name)

    @property
    def activity(self) -> BudgetLine:
        """The plain line of category activity (活动, ¥20,000): where commitments go."""
        return self.line("活动")

    @property
    def care(self) -> BudgetLine:
        """Earmarked (专款专用) for CARE_PURPOSE, kinds CARE_KINDS only (慰问, ¥8,000)."""
        return self.line("慰问")

    @property
    def aid(self) -> BudgetLine:
        """Funded by the donor's fund (资助, ¥12,000): earmarked to FUND_PURPOSE, kind aid only."""
        return self.line("资助")


def make_budget(world, *, year=None, approved: bool = True, title: str = "", lines=LINES, school=None,
                fund: Fund | None = None) -> FinanceBudget:
    """A budget of `lines` for `year` (this school year). The 慰问 line is earmarked; the 资助 line is on `fund`
    (the donor's fund made here when None) and earmarked to its purpose."""
    school = school or world.school
    year = year or world.year
    director, finance = world.users["director"], world.users["finance"]
    budget = Budget.objects.create(
        school=school, year=year, title=title or f"{year.name}关工委经费预算", created_by=finance,
        status=BudgetStatus.APPROVED if approved else BudgetStatus.DRAFT,
        approved_by=director if approved else None, approved_at=timezone.now() if approved else None)
    out = FinanceBudget(budget)
    for order, (category, name, amount) in enumerate(lines, start=1):
        extra: dict = {}
        if name == "慰问":
            extra = {"earmarked": True, "earmark_purpose": CARE_PURPOSE, "allowed_kinds": list(CARE_KINDS)}
        elif name == "资助" and school == world.school:
            if fund is None:
                fund = (Fund.objects.filter(school=school, name="王氏爱心助学金").first()
                        or make_fund(world, received="12000"))
            out.fund = fund
            extra = {"earmarked": True, "earmark_purpose": fund.purpose or fund.name,
                     "allowed_kinds": [ExpenseKind.AID.value], "fund": fund}
        out.lines.append(BudgetLine.objects.create(school=school, budget=budget, category=category, name=name,
                                                   amount=Decimal(amount), order=order * 10, **extra))
    return out


def finance_budget(world, **kw) -> FinanceBudget:
    """This school year's approved budget (see LINES), the 慰问 line earmarked and the 资助 line on a donor's fund."""
    return make_budget(world, **kw)


def yuan(text: str | int) -> Decimal:
    return Decimal(str(text))
