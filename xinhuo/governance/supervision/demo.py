"""The demo school's supervision (PLAN-4): this school year's self-check (自查), scored on the default checklist
with findings, and six rectification items in every state — one open, one overdue, one with evidence waiting for
verification, one returned once and open again, one closed, one not rectified with the leading group's
accountability record; and last school year's spot check by the 县关工委督导组, done, its two items closed. Both
reports are filed in the archive. Text from the seed plans' 保障措施. Deterministic; the second school has none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from xinhuo.core.models import Membership, Role, User

from .models import (
    Accountability,
    ChecklistItem,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Rectification,
    RectificationStatus,
    RectificationStep,
)
from .services import DEFAULT_CHECKLIST, file_report

S = RectificationStatus
# this year's self-check: (lost marks, finding) per default item
SELF_FINDINGS = [
    (Decimal("1"), "领导小组健全，但部分成员分工未落实到人。"),
    (Decimal("3"), "考核制度尚未形成书面文件，例会记录不完整（10月缺一次）。"),
    (Decimal("1"), "年度计划任务到人，个别任务进度滞后。"),
    (Decimal("0"), "升旗仪式、红色宣讲、家长学校按计划开展，方案总结齐全。"),
    (Decimal("2.5"), "留守儿童档案已建立，但两名学生的结对帮扶记录未及时更新。"),
    (Decimal("1"), "五老人员信息库完整，走访慰问有记录。"),
    (Decimal("3"), "活动图片资料未按学期归档，部分会议纪要缺签字。"),
    (Decimal("0.5"), "经费专款专用，但报销凭证粘贴不规范。"),
    (Decimal("1"), "公众号宣传五老事迹频次偏少。"),
]
SPOT_FINDINGS = [
    (Decimal("2"), "领导小组调整后未及时发文。"),
    (Decimal("3"), "例会制度执行不够经常。"),
    (Decimal("1"), ""), (Decimal("2"), ""), (Decimal("1"), ""), (Decimal("1"), ""),
    (Decimal("2"), "档案盒标识不统一。"), (Decimal("0"), ""), (Decimal("1"), ""),
]


def _year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def _staff(school, director: User) -> list[User]:
    """Owners: the README's head teacher first, then other staff of the school (never the director)."""
    first = User.objects.filter(username="teacher", memberships__school=school).first()
    others = list(User.objects.filter(memberships__school=school, memberships__role__in=[
        Role.HEAD_TEACHER, Role.COUNSELLOR, Role.DEPARTMENT_HEAD, Role.YOUNG_TEACHER], is_active=True)
        .exclude(pk=director.pk).distinct().order_by("pk")[:6])
    out = ([first] if first else []) + [u for u in others if first is None or u.pk != first.pk]
    return out or [director]


def _inspection(school, director, *, kind, title, held_on, inspectors, summary, findings) -> Inspection:
    inspection = Inspection.objects.create(school=school, kind=kind, title=title, held_on=held_on,
                                           inspectors=inspectors, summary=summary, status=InspectionStatus.DONE,
                                           created_by=director)
    ChecklistItem.objects.bulk_create([
        ChecklistItem(inspection=inspection, order=n, text=text, max_score=full, score=full - lost, finding=finding)
        for n, ((text, full), (lost, finding)) in enumerate(zip(DEFAULT_CHECKLIST, findings, strict=True), 1)])
    return inspection


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    school, today, director = ctx.school, ctx.today, ctx.director
    leader = (Membership.objects.filter(school=school, role=Role.LEADER).select_related("user")
              .order_by("pk").first())
    verifier = leader.user if leader is not None else director
    owners = _staff(school, director)

    def owner(n: int) -> User:
        return owners[n % len(owners)]

    start = _year_start(today)
    held = max(start, today - dt.timedelta(days=40))
    this = _inspection(
        school, director, kind=InspectionKind.SELF, title=f"{start.year}学年第一学期关工委工作自查", held_on=held,
        inspectors="关工委领导小组", findings=SELF_FINDINGS,
        summary="本学期关工委各项工作总体按计划推进，领导小组健全、活动开展扎实。\n"
                "存在问题：制度建设和档案管理较薄弱，特殊群体帮扶记录更新不及时，宣传力度不够。")
    items = list(this.items.order_by("order"))

    def day(offset: int) -> dt.date:
        return max(held, today + dt.timedelta(days=offset))

    # (checklist item, problem, measure, owner, due, status, history of (to status, by, days after held, comment))
    plan = [
        (items[1], "考核制度未形成书面文件", "起草《关工委工作考核办法》，提交领导小组会议审议后印发。", owner(0),
         day(20), S.OPEN, []),
        (items[1], "10月例会记录缺失一次", "补记10月例会纪要，由参会人员签字确认后归档。", owner(1), day(-5),
         S.OPEN, []),
        (items[4], "两名留守儿童结对帮扶记录未及时更新", "结对教师补录帮扶记录，每月至少一次谈心并记录。", owner(0),
         day(10), S.SUBMITTED, [(S.SUBMITTED, "owner", 12, "")]),
        (items[6], "活动图片资料未按学期归档", "按学期整理活动图片，建立电子档案目录。", owner(2), day(15), S.OPEN,
         [(S.SUBMITTED, "owner", 8, ""), (S.OPEN, "verifier", 10, "只整理了9月的图片，10月、11月的还缺，请补齐。")]),
        (items[7], "报销凭证粘贴不规范", "财务按规范重新整理凭证，附活动方案和签到表。", owner(3), day(-10), S.CLOSED,
         [(S.SUBMITTED, "owner", 6, ""), (S.CLOSED, "verifier", 9, "凭证已按规范整理，同意销号。")]),
        (items[8], "公众号宣传五老事迹偏少", "每月至少推送一篇五老先进事迹。", owner(4), day(-12), S.FAILED,
         [(S.FAILED, "verifier", 30, "期限已过，本学期仅推送一篇，未达到整改要求。")]),
    ]
    evidence = {S.SUBMITTED: "已与两名学生的结对教师逐一核对，补录9月至今的帮扶记录共8次，并约定每月谈心。",
                S.CLOSED: "已按规范重新整理凭证并附活动方案、签到表，经财务复核。"}
    rects, steps = [], []
    for item, problem, measure, who, due, status, history in plan:
        rect = Rectification.objects.create(
            school=school, inspection=this, item=item, problem=problem, measure=measure, owner=who, due_on=due,
            status=status, evidence=evidence.get(status, "已整理9月图片并建立目录。" if history else ""),
            closed_at=_at(held + dt.timedelta(days=history[-1][2])) if status in (S.CLOSED, S.FAILED) else None,
            created_at=_at(held, 15))
        rects.append(rect)
        steps.append(RectificationStep(rectification=rect, from_status="", to_status=S.OPEN, by=director,
                                       at=_at(held, 15)))
        before = S.OPEN
        for to, by, after, comment in history:
            at = _at(min(today, held + dt.timedelta(days=after)), 16)
            steps.append(RectificationStep(rectification=rect, from_status=before, to_status=to,
                                           by=who if by == "owner" else verifier, at=at, comment=comment))
            before = to
    RectificationStep.objects.bulk_create(steps)
    failed = rects[-1]
    Accountability.objects.create(
        school=school, rectification=failed, person=failed.owner,
        person_name=failed.owner.display_name[:50] if failed.owner else "宣传负责人",
        decided_on=min(today, held + dt.timedelta(days=32)), measure="约谈提醒，在关工委例会上作书面说明。",
        reason="整改期限内未落实每月推送五老事迹的要求，且未说明原因。", recorded_by=director)

    # last school year's spot check by the county committee: done, its items closed
    last = dt.date(start.year - 1, 12, 10)
    spot = _inspection(
        school, director, kind=InspectionKind.SPOT, title=f"{start.year - 1}学年县关工委督导抽查", held_on=last,
        inspectors="县关工委督导组", findings=SPOT_FINDINGS,
        summary="学校关工委组织健全，五老作用发挥明显；例会制度执行和档案管理有待加强。")
    spot_items = list(spot.items.order_by("order"))
    steps = []
    for item, problem, measure in (
            (spot_items[1], "例会制度执行不够经常", "每月第一个周三召开关工委例会，形成纪要。"),
            (spot_items[6], "档案盒标识不统一", "统一档案盒标识，按年度和类别编号。")):
        closed = last + dt.timedelta(days=40)
        rect = Rectification.objects.create(
            school=school, inspection=spot, item=item, problem=problem, measure=measure, owner=owner(1),
            due_on=last + dt.timedelta(days=45), status=S.CLOSED, evidence="已按要求整改，附相关记录。",
            closed_at=_at(closed), created_at=_at(last, 15))
        steps += [RectificationStep(rectification=rect, from_status="", to_status=S.OPEN, by=director,
                                    at=_at(last, 15)),
                  RectificationStep(rectification=rect, from_status=S.OPEN, to_status=S.SUBMITTED, by=rect.owner,
                                    at=_at(closed - dt.timedelta(days=3))),
                  RectificationStep(rectification=rect, from_status=S.SUBMITTED, to_status=S.CLOSED, by=director,
                                    at=_at(closed), comment="整改到位，同意销号。")]
    RectificationStep.objects.bulk_create(steps)
    file_report(this, by_user=director)
    file_report(spot, by_user=director)

