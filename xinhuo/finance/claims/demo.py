"""The demo school's expense claims (报销) since the school year began: forty claims by the README's staff (the
head teachers, the counsellor, the head of the moral education office, the director), on this year's approved
budget (the budgets demo runs first), linked to the demo's activities where natural (研学实践 transport and meals,
敬老院慰问 gifts, the story contests' prizes, 家长开放日 printing, the lectures' speakers' fees). Most are paid; some
wait for finance, the director or the second approver, some are drafts, returned, rejected or withdrawn. Each has
a small generated receipt photo. No claim takes a line below zero: each line's balance (money.positions) is
followed as claims are added, and an earmarked line gets only the kinds it takes. Deterministic; the second school
has none."""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from xinhuo.core.models import Membership, Role, User

from ..budgets.models import Budget, BudgetLine, BudgetStatus, ExpenseKind, LineCategory
from ..budgets.money import positions
from .models import RESERVING, ClaimReceipt, ClaimStatus, ClaimStep, ExpenseClaim

S = ClaimStatus
K = ExpenseKind
C = LineCategory

# title, kind, line category, amount range (yuan), a word of the activity's title to link to ("" none), details
ITEMS: list[tuple[str, str, str, tuple[int, int], str, str]] = [
    ("“追寻红色足迹”研学实践大巴车费", K.TRANSPORT, C.ACTIVITY, (1200, 1800), "研学实践",
     "45座大巴两辆，往返县革命纪念馆"),
    ("研学实践学生午餐", K.MEALS, C.ACTIVITY, (600, 950), "研学实践", "学生及带队教师盒饭"),
    ("重阳节敬老院慰问品（牛奶、水果）", K.GIFTS, C.CARE, (400, 800), "敬老院", "纯牛奶20箱，水果若干"),
    ("端午节敬老院粽子和慰问品", K.GIFTS, C.CARE, (350, 700), "敬老院", "粽子、咸鸭蛋、毛巾"),
    ("走访慰问困难五老慰问品", K.GIFTS, C.CARE, (300, 600), "", "米、油、慰问卡"),
    ("“一二·九”红色故事比赛获奖证书和奖品", K.PRIZES, C.REWARD, (300, 700), "故事比赛", "一二三等奖奖品及证书"),
    ("红色经典诵读比赛奖品", K.PRIZES, C.REWARD, (250, 600), "诵读比赛", "书籍、笔记本、证书"),
    ("“我和我的祖国”征文比赛奖品", K.PRIZES, C.REWARD, (200, 500), "", "获奖学生图书奖励"),
    ("家长开放日家长学校讲义印刷", K.PRINTING, C.PUBLICITY, (150, 400), "家长开放日", "家庭教育讲义300份"),
    ("关工委工作简报印刷", K.PRINTING, C.PUBLICITY, (120, 350), "", "简报第3期、第4期各200份"),
    ("“五老”风采宣传展板制作", K.PRINTING, C.PUBLICITY, (400, 900), "", "展板6块"),
    ("心理健康讲座专家讲课费", K.FEES, C.TRAINING, (800, 1500), "心理", "外聘心理专家讲课一次"),
    ("班主任德育工作培训资料费", K.MATERIALS, C.TRAINING, (200, 500), "", "培训手册和案例汇编"),
    ("五老宣讲员培训场地费", K.VENUE, C.TRAINING, (300, 600), "", "县老干部活动中心会议室半天"),
    ("消防应急疏散演练器材", K.MATERIALS, C.ACTIVITY, (200, 600), "消防", "烟雾发生器、警戒带"),
    ("科技创新与创客展示耗材", K.MATERIALS, C.ACTIVITY, (300, 800), "科技", "3D打印耗材、电子元件"),
    ("书法社团作品展示宣纸笔墨", K.MATERIALS, C.ACTIVITY, (200, 500), "书法", "宣纸、毛笔、墨汁"),
    ("“学雷锋”志愿服务进社区交通费", K.TRANSPORT, C.ACTIVITY, (150, 400), "志愿服务", "租车往返城关社区"),
    ("冬至包饺子传统文化活动食材", K.MATERIALS, C.ACTIVITY, (300, 700), "冬至", "面粉、肉馅、蔬菜"),
    ("困难学生冬衣资助", K.AID, C.AID, (300, 800), "", "为留守儿童购置冬衣"),
    ("关工委办公用品（档案盒、文件夹）", K.OTHER, C.OFFICE, (100, 300), "", "档案盒50个，文件夹若干"),
    ("关工委例会茶水", K.MEALS, C.OFFICE, (60, 150), "", "例会茶水"),
]
# forty claims: their statuses, the oldest paid (dates run from the year's start to today)
STATUSES: list[ClaimStatus] = (
    [S.PAID] * 20 + [S.APPROVED] * 3 + [S.RETURNED, S.REJECTED] + [S.FIRST_APPROVED] * 2 + [S.CHECKED] * 3
    + [S.REJECTED, S.WITHDRAWN, S.RETURNED, S.WITHDRAWN] + [S.SUBMITTED] * 3 + [S.DRAFT] * 3
)
COMMENTS: dict[str, list[str]] = {
    S.RETURNED: ["请补充乘车人员名单和行程单。", "发票抬头不是学校，请重新开具。"],
    S.REJECTED: ["该项支出不属于关工委经费开支范围。", "超出活动方案核定的标准。"],
}


def _receipt_jpeg(rng: random.Random, title: str) -> bytes:
    """A small picture standing for a receipt's photo (paper-coloured, a few ruled lines)."""
    img = Image.new("RGB", (240, 320), (246, 242, 230))
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 10, 229, 309), outline=(190, 60, 50), width=3)
    for y in range(60, 290, 24):
        draw.line((24, y, 24 + rng.randint(90, 190), y), fill=(90, 90, 90), width=2)
    draw.text((24, 24), f"No.{rng.randint(10000000, 99999999)}", fill=(190, 60, 50))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


def _lines(school, today: dt.date) -> list[BudgetLine]:
    budget = (Budget.objects.filter(school=school, status=BudgetStatus.APPROVED, year__start__lte=today,
                                    year__end__gte=today).first()
              or Budget.objects.filter(school=school, status=BudgetStatus.APPROVED).order_by("-year__start").first())
    if budget is None:
        return []
    return list(BudgetLine.objects.filter(budget=budget).select_related("budget__year").order_by("order", "pk"))


def _fits(line: BudgetLine, kind: str) -> bool:
    return not (line.earmarked and line.allowed_kinds and kind not in line.allowed_kinds)


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    school, today, director = ctx.school, ctx.today, ctx.director
    lines = _lines(school, today)
    if not lines:
        return
    from xinhuo.activities.models import Activity, ActivityStatus

    rng = random.Random(f"claims-{school.code}")
    users = {u.username: u for u in User.objects.filter(
        username__in=["teacher", "teacher2", "counsellor", "depthead", "finance", "leader"],
        memberships__school=school)}
    finance = users.get("finance")
    leader = users.get("leader") or next(
        (m.user for m in Membership.objects.filter(school=school, role=Role.LEADER).select_related("user")), None)
    if finance is None or leader is None:
        return
    claimants = [u for u in (users.get("teacher"), users.get("teacher2"), users.get("counsellor"),
                             users.get("depthead"), director) if u is not None]
    start = max(lines[0].budget.year.start, today - dt.timedelta(days=300))
    span = max((today - start).days, 1)
    balance = {pk: pos.balance for pk, pos in positions(lines).items()}
    threshold = Decimal("2000")
    activities = list(Activity.objects.filter(
        school=school, starts_at__date__gte=start, starts_at__date__lte=today,
        status__in=[ActivityStatus.APPROVED, ActivityStatus.RUNNING, ActivityStatus.SUMMARISED,
                    ActivityStatus.ARCHIVED]).order_by("starts_at", "pk"))
    now = timezone.now()
    made: list[tuple[ExpenseClaim, list[tuple[str, str, Any, dt.datetime, str]]]] = []
    for n, status in enumerate(STATUSES):
        title, kind, category, (low, high), word, details = ITEMS[n % len(ITEMS)]
        candidates = [x for x in lines if x.category == category and _fits(x, kind)]
        if not candidates:
            candidates = [x for x in lines if not x.earmarked and x.category in (C.ACTIVITY, C.OTHER)]
        if not candidates:
            continue
        line = candidates[0]
        amount = Decimal(rng.randrange(low * 2, high * 2 + 1)) / 2
        if n == 21 or status == S.FIRST_APPROVED:  # above the threshold: two approvals (a bigger outing)
            amount = Decimal(rng.randrange(2100, 2600))
            roomy = [x for x in lines if _fits(x, kind) and balance[x.pk] >= amount]
            if roomy:
                line = max(roomy, key=lambda x: (x.category == category, balance[x.pk]))
            elif status == S.FIRST_APPROVED:
                status = S.CHECKED
        if status in RESERVING and amount > balance[line.pk]:
            amount = (balance[line.pk] * Decimal("0.5")).quantize(Decimal("0.5"))
            if amount <= 0:
                continue
        amount = amount.quantize(Decimal("0.01"))
        if status in RESERVING:
            balance[line.pk] -= amount
        activity = None
        if word:
            linked = [a for a in activities if word in a.title]
            activity = linked[n % len(linked)] if linked else None
        # the older claims are the settled ones: dates spread over the year in the order of STATUSES
        if activity is not None:
            spent = timezone.localtime(activity.starts_at).date()
        else:
            spent = start + dt.timedelta(days=int(span * n / len(STATUSES)))
        spent = min(spent, today)
        needs_second = status in RESERVING and amount > threshold
        claimant = claimants[n % len(claimants)]
        if needs_second and claimant == director:  # the director's own big claim would need a third approver
            claimant = claimants[0]
        claim = ExpenseClaim(school=school, claimant=claimant, title=title, kind=kind, amount=amount, spent_on=spent,
                             line=line, activity=activity, description=details, status=status,
                             needs_second=needs_second)
        first_approver = leader if claimant == director else director
        at = timezone.make_aware(dt.datetime.combine(spent, dt.time(17, 30))) + dt.timedelta(days=1)
        at = min(at, now - dt.timedelta(hours=2))
        steps: list[tuple[str, str, Any, dt.datetime, str]] = [("", S.DRAFT, claimant, at, "")]

        def add(frm: str, to: str, by, comment: str = "", hours: int = 20, steps=steps) -> None:
            moment = min(steps[-1][3] + dt.timedelta(hours=hours), now - dt.timedelta(minutes=30))
            steps.append((frm, to, by, moment, comment))

        if status != S.DRAFT:
            add(S.DRAFT, S.SUBMITTED, claimant, hours=1)
            claim.submitted_at = steps[-1][3]
        if status in (S.RETURNED, S.REJECTED) and n % 2:
            add(S.SUBMITTED, status, finance, COMMENTS[status][n % 2])  # finance returns / rejects
        elif status in (S.CHECKED, S.FIRST_APPROVED, S.APPROVED, S.PAID, S.RETURNED, S.REJECTED):
            add(S.SUBMITTED, S.CHECKED, finance, "票据齐全，金额无误。")
            claim.checked_by = finance
            if status in (S.RETURNED, S.REJECTED):
                add(S.CHECKED, status, first_approver, COMMENTS[status][n % 2])
            elif status != S.CHECKED:
                if needs_second:
                    add(S.CHECKED, S.FIRST_APPROVED, first_approver, "同意。")
                    claim.approved_by = first_approver
                    if status != S.FIRST_APPROVED:
                        second = leader if first_approver == director else director
                        add(S.FIRST_APPROVED, S.APPROVED, second, "同意报销。")
                        claim.second_by = second
                else:
                    add(S.CHECKED, S.APPROVED, first_approver, "同意报销。")
                    claim.approved_by = first_approver
                if status == S.PAID:
                    add(S.APPROVED, S.PAID, finance, hours=48)
                    claim.paid_on = timezone.localtime(steps[-1][3]).date()
                    claim.paid_by = finance
                    claim.payment_reference = f"网银{claim.paid_on:%Y%m%d}{n:03d}"
        elif status == S.WITHDRAWN:
            add(S.SUBMITTED, S.WITHDRAWN, claimant, "发票开错，撤回重新报销。", hours=3)
        claim.created_at = at
        made.append((claim, steps))
    ExpenseClaim.objects.bulk_create([c for c, _s in made])
    ClaimStep.objects.bulk_create([ClaimStep(claim=c, from_status=frm, to_status=to, by=by, at=moment,
                                             comment=comment)
                                   for c, steps in made for frm, to, by, moment, comment in steps])
    for claim, _steps in made:
        receipt = ClaimReceipt(claim=claim, name=f"{claim.title[:20]}-发票.jpg", uploaded_by=claim.claimant,
                               uploaded_at=claim.created_at)
        data = _receipt_jpeg(rng, claim.title)
        receipt.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(data), save=False)
        receipt.size = len(data)
        receipt.save()
