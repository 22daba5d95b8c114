"""The demo school's budgets (经费预算): this school year's, approved by the director in September (about ¥60,000:
宣传 5,000, 活动 20,000, 培训 6,000, 慰问 8,000 earmarked to visits, 奖励 6,000, 资助 12,000 on the community's first
donor fund and earmarked to its purpose, 办公 3,000), and last school year's, approved and done with. Every approved
activity of this year with a budget request holds a commitment on the 活动 line: pending while it is to come,
closed with its actual cost (set on the activity, 80–105 % of the request) once summarised. The 活动 line is raised
above ¥20,000 when the demo's activities ask for more (the large school), so that the demo is not overspent.
Deterministic; the expense claims (the claims part) come after."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityStatus
from xinhuo.community.models import Fund
from xinhuo.core.models import Membership, Role, SchoolYear

from .models import Budget, BudgetLine, BudgetStatus, Commitment, CommitmentStatus, ExpenseKind, LineCategory

C = LineCategory
LINES = [
    (C.PUBLICITY, "宣传", Decimal("5000")),
    (C.ACTIVITY, "活动", Decimal("20000")),
    (C.TRAINING, "培训", Decimal("6000")),
    (C.CARE, "慰问", Decimal("8000")),
    (C.REWARD, "奖励", Decimal("6000")),
    (C.AID, "资助", Decimal("12000")),
    (C.OFFICE, "办公", Decimal("3000")),
]
CARE_PURPOSE = "重阳节、春节走访慰问五老和困难学生家庭"
HELD = (ActivityStatus.APPROVED, ActivityStatus.RUNNING)
DONE = (ActivityStatus.SUMMARISED, ActivityStatus.ARCHIVED)


def _last_year(current: SchoolYear) -> SchoolYear:
    start = current.start.replace(year=current.start.year - 1)
    found = SchoolYear.objects.filter(school=current.school, start__lt=current.start).order_by("-start").first()
    if found is not None:
        return found
    return SchoolYear.objects.create(school=current.school, name=f"{start.year}-{start.year + 1}学年", start=start,
                                     end=current.start - dt.timedelta(days=45), is_current=False)


def _budget(school, year, title, note, lines, approver, finance, when, fund) -> list[BudgetLine]:
    budget = Budget.objects.create(school=school, year=year, title=title, note=note, status=BudgetStatus.APPROVED,
                                   approved_by=approver, approved_at=when, created_by=finance or approver)
    rows = []
    for i, (category, name, amount) in enumerate(lines, start=1):
        extra: dict = {}
        if category == C.CARE:
            extra = {"earmarked": True, "earmark_purpose": CARE_PURPOSE,
                     "allowed_kinds": [ExpenseKind.GIFTS.value, ExpenseKind.TRANSPORT.value]}
        elif category == C.AID and fund is not None:
            extra = {"earmarked": True, "earmark_purpose": (fund.purpose or fund.name)[:200],
                     "allowed_kinds": [ExpenseKind.AID.value], "fund": fund}
        rows.append(BudgetLine(school=school, budget=budget, category=category, name=name, amount=amount,
                               order=i * 10, **extra))
    return BudgetLine.objects.bulk_create(rows)


def build(ctx) -> None:
    school = ctx.school
    year = SchoolYear.objects.filter(school=school, is_current=True).first()
    if year is None:
        return
    rng = random.Random(f"budgets-{school.code}")
    users = {m.role: m.user for m in Membership.objects.filter(school=school, role__in=[Role.DIRECTOR, Role.FINANCE])
             .select_related("user").order_by("pk")}
    director, finance = ctx.director or users.get(Role.DIRECTOR), users.get(Role.FINANCE)
    fund = Fund.objects.filter(school=school, status="open").order_by("pk").first()  # the community's demo fund

    activities = list(Activity.objects.filter(school=school, status__in=HELD + DONE, budget_request__gt=0,
                                              starts_at__date__gte=year.start, starts_at__date__lte=year.end)
                      .order_by("starts_at", "pk"))
    asked = sum((a.budget_request or Decimal(0) for a in activities), Decimal(0))
    lines = list(LINES)
    if asked * Decimal("1.15") > lines[1][2]:  # the large school's many activities: room for all of them
        room = (asked * Decimal("1.15") / 1000).to_integral_value(rounding=ROUND_HALF_UP) * 1000
        lines[1] = (C.ACTIVITY, "活动", max(room, lines[1][2]))
    approved_at = timezone.make_aware(dt.datetime.combine(year.start + dt.timedelta(days=7), dt.time(10)))
    this = _budget(school, year, f"{year.name}关工委工作经费预算",
                   "依据学校关工委年度工作计划编制，经领导小组会议研究通过。经费专款专用，资助经费按捐资方意愿使用。",
                   lines, director, finance, approved_at, fund)
    last = _last_year(year)
    _budget(school, last, f"{last.name}关工委工作经费预算", "上学年预算，已执行完毕并结账。",
            [(c, n, (a * Decimal("0.9")).quantize(Decimal("1"))) for c, n, a in LINES], director, finance,
            approved_at.replace(year=approved_at.year - 1), None)

    activity_line = next(x for x in this if x.category == C.ACTIVITY)
    commitments, costs = [], []
    for a in activities:
        request = a.budget_request or Decimal(0)
        done = a.status in DONE
        actual = None
        if done:
            actual = (request * Decimal(rng.randint(80, 105)) / 100).quantize(Decimal("0.01"))
            a.actual_cost = actual
            costs.append(a)
        commitments.append(Commitment(
            school=school, line=activity_line, activity=a, amount=request, actual=actual,
            status=CommitmentStatus.CLOSED if done else CommitmentStatus.PENDING,
            created_at=a.starts_at - dt.timedelta(days=14), closed_at=a.ends_at if done else None))
    Commitment.objects.bulk_create(commitments, batch_size=500)
    Activity.objects.bulk_update(costs, ["actual_cost"], batch_size=500)
