"""The demo county (薪火县): the demo school and the second school, and the county committee's account `county`
with the demo's password (core/demo.py prints it with the other logins). A few snapshots of last year are written
here only when the indicators part has written none, so the county dashboard shows figures (no person's data)."""

from __future__ import annotations

from decimal import Decimal

from xinhuo.core.models import User

from .models import County, CountyMember, CountySchool

CODE = "xinhuo-county"


def build(ctx) -> None:
    county, _new = County.objects.get_or_create(code=CODE, defaults={"name": "薪火县"})
    CountySchool.objects.get_or_create(school=ctx.school, defaults={"county": county})
    if ctx.named and not User.objects.filter(username="county").exists():
        user = User.objects.create(username="county", full_name="薪火县关工委", password=ctx.builder.password_hash)
        CountyMember.objects.create(county=county, user=user)
    _snapshots(ctx)


# (dimension code, name, dimension weight, [(indicator code, name, unit, target, weight)])
DIMENSIONS = [
    ("organisation", "组织建设", 15, [("plan_completion", "计划任务完成率", "%", 90, 100)]),
    ("team", "队伍建设", 10, [("elder_participation", "五老参与率", "%", 80, 100)]),
    ("activities", "活动开展", 20, [("activities_held", "活动按计划开展率", "%", 90, 60),
                                    ("student_participation", "学生参与率", "%", 85, 40)]),
    ("care", "关爱帮扶", 20, [("support_on_time", "特殊群体按时帮扶率", "%", 95, 100)]),
    ("coop", "家校社协同", 15, [("parent_attendance", "家长学校出勤率", "%", 80, 100)]),
    ("support", "保障措施", 10, [("fund_execution", "经费执行率", "%", 90, 100)]),
    ("results", "工作成效", 10, [("satisfaction", "满意度", "%", 90, 100)]),
]


def _snapshots(ctx) -> None:
    from xinhuo.core.models import SchoolYear

    from ..indicators.models import Period, Snapshot

    if Snapshot.objects.filter(school=ctx.school).exists():
        return
    year = SchoolYear.objects.filter(school=ctx.school, is_current=True).first()
    if year is None:
        return
    rng = ctx.builder.rng
    rows = []
    for dim, dim_name, dim_weight, indicators in DIMENSIONS:
        for code, name, unit, target, weight in indicators:
            value = Decimal(rng.randint(60, 100))
            reached = value / Decimal(target)
            score = Decimal(100) if reached >= 1 else Decimal(80) if reached >= Decimal("0.8") else Decimal(60)
            rows += [Snapshot(school=ctx.school, school_year=year, year_name=year.name, period=period,
                                 indicator_code=code, dimension_code=dim, name=name, dimension_name=dim_name,
                                 unit=unit, value=value, target=Decimal(target), score=score,
                                 weight=Decimal(weight), dimension_weight=Decimal(dim_weight))
                     for period in (Period.TERM1, Period.YEAR)]  # the year so far
    Snapshot.objects.bulk_create(rows)
