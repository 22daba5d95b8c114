"""The year-end report's content (工作总结), built from the platform's data for one school year.

Every other app is read through its selectors, as the actor who asked for the report (the committee: director or
leader), so the report never holds more than its author may see. The sections are the committee's standard ones;
their text is written in formal Chinese whatever the UI language, because the document goes to the county committee
in Chinese (like the certificates). Aggregates only: no record of a person; groups smaller than MIN_GROUP are
suppressed, and a second group with them where the total would reveal the first (complementary suppression).

A section is plain JSON: {"key", "heading", "text", "tables": [{"title", "columns", "rows"}], "charts": [spec]},
charts in core.charts' spec format (the page draws them, the documents render them as images)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.charts import chart
from xinhuo.core.models import CommitteeMember, SchoolYear
from xinhuo.evaluation.profiles import suppression

MIN_GROUP = suppression.MIN_GROUP  # DESIGN.md: results for groups smaller than 5 are not shown
SUPPRESSED = "<5"
TABLE_ROWS = 60  # the activities table: the year's activities, at most this many (the total is in the text)
KEYS = ("basics", "work", "highlights", "problems", "next")
HEADINGS = {
    "basics": "一、基本情况",
    "work": "二、主要工作和成效",
    "highlights": "三、特色亮点",
    "problems": "四、存在问题",
    "next": "五、下一步打算",
}
NEXT_PROMPT = ("（下一学年工作计划尚未制定。请在此写明下一步打算：针对上述问题的整改措施、重点工作和保障措施。）")
CN_NUM = "一二三四五六七八九十"


def cn(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … (the numbering of a Chinese document's parts)."""
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return CN_NUM[n // 10 - 1] + "十" + (CN_NUM[n % 10 - 1] if n % 10 else "")


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def suppress(counts: dict[str, int]) -> dict[str, int | str]:
    """Counts per group with every group below MIN_GROUP shown as "<5", and as many more hidden as the sum of the
    line would otherwise give back (the profiles' suppression of a one-line table: a lone hidden group takes the
    next smallest with it; hidden groups adding up to 1-4 take another)."""
    names = sorted(counts)
    if not names:
        return {}
    cells = suppression.suppress_table([[counts[k] for k in names]]).cells[0]
    return {k: SUPPRESSED if v is None else v for k, v in zip(names, cells, strict=True)}


def year_bounds(year: SchoolYear) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(year.start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return year.start, year.end, lo, hi


def months_of(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def section(key: str, text: str, tables: list | None = None, charts: list | None = None) -> dict:
    return {"key": key, "heading": HEADINGS[key], "text": text, "tables": tables or [], "charts": charts or []}


# --- the parts of the data ----------------------------------------------------------------------------------------


def _basics(actor: Actor, year: SchoolYear) -> dict:
    from xinhuo.care.groups import selectors as groups
    from xinhuo.care.models import TagStatus
    from xinhuo.elders import selectors as elders

    school = actor.school
    members = CommitteeMember.objects.filter(school=school)
    n_members = members.count()
    n_leading = members.filter(in_leading_group=True).count()
    by_cat = elders.team_by_category(school)
    n_elders = sum(n for _label, n in by_cat)
    cats = "、".join(f"{label}{n}人" for label, n in by_cat)
    per_group: dict[str, int] = {}
    total = 0
    if actor.can("special_groups.view"):
        tags = (groups.tags_in_detail(actor).filter(identified_on__lte=year.end)
                .exclude(status=TagStatus.CLOSED, identified_on__lt=year.start))
        per_group = dict(tags.values_list("group__name").annotate(n=Count("student_id", distinct=True)).order_by())
        total = tags.values("student_id").distinct().count()
    shown = suppress(per_group)
    rows = [[name, str(shown[name])] for name in sorted(per_group)]
    total_text = str(total) if total >= MIN_GROUP or total == 0 else SUPPRESSED
    text = (f"本校关工委现有成员{n_members}人，其中领导小组成员{n_leading}人。"
            f"五老队伍{n_elders}人" + (f"（{cats}）" if cats else "") + "。"
            f"本学年纳入关爱帮扶的特殊群体学生共{total_text}人（按群体统计见下表，"
            f"少于{MIN_GROUP}人的群体不单独列出人数）。")
    tables = [{"title": "关爱帮扶对象（按群体）", "columns": ["群体", "人数"], "rows": rows}] if rows else []
    return section("basics", text, tables)


def _plan_of(actor: Actor, year_number: int):
    from xinhuo.plans import selectors as plans
    from xinhuo.plans.models import PlanStatus

    return plans.plans(actor).filter(status=PlanStatus.ADOPTED, year=year_number).order_by("pk").first()


def _work(actor: Actor, year: SchoolYear, activities: list[dict], charts: list) -> tuple[dict, list]:
    from xinhuo.plans import selectors as plans

    plan = _plan_of(actor, year.start.year)
    overdue: list[str] = []
    if plan is None:
        text = "本学年没有已通过的工作计划，以下仅列出本学年开展的活动。"
    else:
        page = plans.plan_page(plan, today=min(timezone.localdate(), year.end))
        s = page.stats
        lines = [f"本学年依据《{plan.title}》开展工作，计划任务{s.total}项，已完成{s.done}项，"
                 f"进行中{s.in_progress}项，平均完成进度{s.percent}%。"]
        for i, v in enumerate(page.sections, 1):
            lines.append(f"（{cn(i)}）{v.section.title}")
            lines.append(f"本部分任务{v.stats.total}项，已完成{v.stats.done}项，平均进度{v.stats.percent}%。")
            for j, t in enumerate(v.tasks, 1):
                evidence = getattr(t, "n_evidence", 0)
                linked = getattr(t, "n_activities", 0)
                line = f"{j}. {t.title}：{t.get_status_display()}，进度{t.percent}%"
                if linked:
                    line += f"，开展相关活动{linked}项"
                if evidence:
                    line += f"，留存佐证材料{evidence}份"
                if t.last_update_note:
                    line += f"。{t.last_update_note}"
                lines.append(line + "。")
                if getattr(t, "overdue", False):
                    overdue.append(t.title)
        text = "\n".join(lines)
    n = len(activities)
    participants = sum(a["participants"] or 0 for a in activities)
    text += f"\n全年共开展活动{n}项，参与{participants}人次。"
    rows = [[a["date"], a["title"], a["kind"], str(a["participants"] or "")] for a in activities[:TABLE_ROWS]]
    tables = [{"title": "全年活动一览", "columns": ["日期", "活动", "类别", "参与人次"], "rows": rows}] if rows else []
    return section("work", text, tables, charts), overdue


def _activities(actor: Actor, year: SchoolYear) -> tuple[list[dict], dict]:
    from xinhuo.activities import selectors as acts
    from xinhuo.activities.models import ActivityKind

    start, end, lo, hi = year_bounds(year)
    rows = list(acts.activities_of_school(actor.school)
                .filter(status__in=acts.PUBLISHED, starts_at__gte=lo, starts_at__lt=hi)
                .order_by("starts_at", "pk").values("pk", "title", "kind", "starts_at", "participants", "summary"))
    labels = dict(ActivityKind.choices)
    out = []
    per_month: dict[dt.date, int] = {}
    for r in rows:
        day = timezone.localtime(r["starts_at"]).date()
        per_month[day.replace(day=1)] = per_month.get(day.replace(day=1), 0) + 1
        out.append({"id": r["pk"], "title": r["title"], "kind": str(labels.get(r["kind"], r["kind"])),
                    "date": f"{day.month}月{day.day}日", "participants": r["participants"],
                    "summary": bool(r["summary"])})
    months = months_of(start, end)
    spec = chart("report-activities", "column", [f"{m.month}月" for m in months],
                 [per_month.get(m, 0) for m in months], title="各月活动数", unit="项",
                 summary=f"本学年共开展活动{len(out)}项。")
    return out, spec


def _honours(actor: Actor, year: SchoolYear) -> list[list[str]]:
    from xinhuo.selections import selectors as sel

    if not actor.can("selections.view"):
        return []
    counts: dict[tuple[str, str], int] = {}
    for title, awarded in (sel.winners(actor).filter(selection__school_year=year)
                           .values_list("selection__title", "selection__awarded_on")):
        key = (title, f"{awarded.year}年{awarded.month}月" if awarded else "")
        counts[key] = counts.get(key, 0) + 1
    return [[title, when, str(n)] for (title, when), n in counts.items()]


def _elder_hours(actor: Actor, year: SchoolYear) -> list[list[str]]:
    from xinhuo.elders.work import selectors as work

    return [[r["label"], str(r["elders"]), f"{r['hours']:.1f}"]
            for r in work.hours_by_category(actor.school, year.start, year.end)]


def _funds(actor: Actor, year: SchoolYear) -> tuple[list[list[str]], list[str], dict | None]:
    """Per budget line: budget, spent, rate; and the lines nothing was spent from."""
    from xinhuo.finance.budgets import selectors as budgets

    if not actor.can("finance.report.view"):
        return [], [], None
    data = budgets.report(actor, year.pk, details=False)
    rows, unspent, names, planned, spent = [], [], [], [], []
    for r in data["lines"]:
        pos = r["pos"]
        rows.append([r["line"].name, money(pos.budget), money(pos.spent), f"{pos.rate * 100:.0f}%"])
        names.append(r["line"].name)
        planned.append(float(pos.budget))
        spent.append(float(pos.spent))
        if pos.budget > 0 and pos.spent == 0:
            unspent.append(r["line"].name)
    if rows:
        t = data["total"]
        rows.append(["合计", money(t.budget), money(t.spent), f"{t.rate * 100:.0f}%"])
    spec = chart("report-funds", "hbar", names, [("预算", planned), ("已支出", spent)], title="经费执行（按预算项目）",
                 unit="元", summary="各预算项目的预算与已支出金额。") if names else None
    return rows, unspent, spec


def _open_rectifications(actor: Actor) -> list[str]:
    from xinhuo.governance.models import RectificationStatus
    from xinhuo.governance.supervision import selectors as sup

    if not actor.can("governance.supervision.view"):
        return []
    return list(sup.rectifications(actor).filter(status__in=(RectificationStatus.OPEN, RectificationStatus.SUBMITTED))
                .values_list("problem", flat=True)[:20])


def _next(actor: Actor, year: SchoolYear) -> dict:
    from xinhuo.plans import selectors as plans

    plan = _plan_of(actor, year.start.year + 1)
    if plan is None:
        return section("next", NEXT_PROMPT)
    parts = [f"下一学年将按照《{plan.title}》开展工作，重点做好以下几方面："]
    parts += [f"（{cn(i)}）{s.title}" for i, s in enumerate(plans.plan_sections(plan), 1)]
    return section("next", "\n".join(parts))


def _figure(value, unit: str) -> str:
    if value is None:
        return "暂无数据"
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def _indicators(actor: Actor, year: SchoolYear) -> tuple[list[list[str]], str, list[str]]:
    """The year's indicators (the evaluation's own figures: the year's snapshot when fixed, else computed now): the
    table's rows, a sentence with the weighted total, and the indicators below their target."""
    from xinhuo.evaluation.indicators import selectors as indicators

    rows = indicators.figures(actor.school, year, "year")
    table = [[r["dimension_name"], r["name"], _figure(r["value"], r["unit"]),
              _figure(r["target"], r["unit"]) if r["target"] is not None else "—",
              "—" if r["score"] is None else f"{Decimal(r['score']):.0f}"] for r in rows]
    total = indicators.total_score(rows)
    sentence = f"按学校评估指标体系测算，本学年综合得分{total:.1f}分（满分100分）。" if total is not None else ""
    below = [r["name"] for r in rows
             if r["value"] is not None and r["target"] is not None and Decimal(r["value"]) < Decimal(r["target"])]
    return table, sentence, below


def build(actor: Actor, year: SchoolYear, progress: Callable[[int], None] | None = None) -> list[dict]:
    """The five sections for `year`, as `actor` sees the data. `progress(percent)` is told as parts finish."""
    def step(p: int) -> None:
        if progress:
            progress(p)

    basics = _basics(actor, year)
    step(15)
    activities, activity_chart = _activities(actor, year)
    step(30)
    fund_rows, unspent, fund_chart = _funds(actor, year)
    step(45)
    work, overdue = _work(actor, year, activities, [activity_chart] + ([fund_chart] if fund_chart else []))
    indicator_rows, indicator_sentence, below_target = _indicators(actor, year)
    if indicator_rows:
        work["text"] += ("\n" + indicator_sentence) if indicator_sentence else ""
        work["tables"].append({"title": "评估指标完成情况", "columns": ["维度", "指标", "完成", "目标", "得分"],
                               "rows": indicator_rows})
    if fund_rows:
        work["tables"].append({"title": "经费执行情况（元）", "columns": ["预算项目", "预算", "已支出", "执行率"],
                               "rows": fund_rows})
    step(60)
    honours = _honours(actor, year)
    hours = _elder_hours(actor, year)
    featured = sorted((a for a in activities if a["summary"]), key=lambda a: -(a["participants"] or 0))[:3]
    lines = []
    if featured:
        lines.append("本学年的特色活动有：" + "；".join(
            f"{a['title']}（{a['date']}，参与{a['participants'] or 0}人次）" for a in featured) + "。")
    if honours:
        lines.append(f"全年开展评选表彰{len(honours)}项，共表彰{sum(int(r[2]) for r in honours)}人（集体）。")
    if hours:
        total = sum(Decimal(r[2]) for r in hours)
        lines.append(f"五老志愿服务共{total:.1f}小时。")
    tables = []
    if honours:
        tables.append({"title": "评选表彰", "columns": ["评选", "表彰时间", "表彰人数"], "rows": honours})
    if hours:
        tables.append({"title": "五老志愿服务", "columns": ["类别", "服务人数", "服务时长（小时）"], "rows": hours})
    highlights = section("highlights", "\n".join(lines) or "（请补充本学年的特色亮点。）", tables)
    step(75)
    rect = _open_rectifications(actor)
    problems_lines = []
    if overdue:
        problems_lines.append(f"工作计划中有{len(overdue)}项任务逾期未完成：" + "、".join(overdue[:10]) + "。")
    if rect:
        problems_lines.append(f"督导发现的问题中尚有{len(rect)}项整改未完成：" + "、".join(rect[:10]) + "。")
    if below_target:
        problems_lines.append(f"有{len(below_target)}项评估指标未达到目标：" + "、".join(below_target[:10]) + "。")
    if unspent:
        problems_lines.append(f"有{len(unspent)}个预算项目尚未支出：" + "、".join(unspent) + "。")
    problems = section("problems", "\n".join(problems_lines) or "（请补充本学年工作中存在的问题。）")
    step(90)
    nxt = _next(actor, year)
    return [basics, work, highlights, problems, nxt]
