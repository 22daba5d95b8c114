"""The demo school's year of activities (ACT-1 to ACT-5), taken from the five work plans: flag ceremonies, red
study trips, lectures, drills, volunteer service ... spread over the school year on working days. Past ones are
summarised or archived with their attendance and hours, the coming ones approved or waiting for approval; the
named accounts have something to do (the leader an application to approve, the student a sign-up).
Built with bulk_create: the large school has 800 activities."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.core.models import Role, School, SchoolClass, User
from xinhuo.elders.models import Elder
from xinhuo.people.models import Student

from .calendar import commemorations, off_day_reason
from .models import Activity, ActivityKind, ActivityStatus, ActivityStep, SignUp, SignUpKind, SignUpStatus

K = ActivityKind
S = ActivityStatus

# (kind, title, place, hours) from the work plans; a title is used with the month's theme where it has one
TEMPLATES = [
    (K.FLAG_CEREMONY, "升旗仪式暨国旗下讲话", "学校操场", None),
    (K.STUDY_TRIP, "“追寻红色足迹”研学实践", "县革命纪念馆", Decimal("4")),
    (K.STORY_CONTEST, "“五老”讲红色故事比赛", "报告厅", None),
    (K.LECTURE, "法治教育专题讲座", "报告厅", None),
    (K.LECTURE, "心理健康讲座：学会与压力相处", "报告厅", None),
    (K.LECTURE, "防溺水安全教育讲座", "报告厅", None),
    (K.DRILL, "消防应急疏散演练", "教学楼", None),
    (K.DRILL, "防震减灾应急演练", "教学楼", None),
    (K.VOLUNTEER, "学雷锋志愿服务进社区", "城关社区", Decimal("2")),
    (K.LABOUR, "校园劳动实践日", "劳动实践基地", Decimal("2")),
    (K.SCIENCE, "科技创新与创客展示", "科技楼", None),
    (K.CLUB_EVENT, "书法社团展示", "艺术楼", None),
    (K.FESTIVAL, "传统文化节", "学校操场", None),
    (K.PARENT_DAY, "家长开放日", "各班教室", None),
    (K.COMMUNITY, "敬老院慰问演出", "城关敬老院", Decimal("3")),
]
SUMMARY = "活动按方案顺利开展，学生参与积极，五老现场指导，达到了预期目的。"


def _working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, d = [], start
    while d <= end:
        if off_day_reason(d) is None:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def build_activities(school: School, today: dt.date, director: User | None, *, count: int = 120,
                     seed: int = 6) -> list[Activity]:
    rng = random.Random(seed)
    year = school.years.filter(is_current=True).first()  # type: ignore[attr-defined]
    if year is None or director is None:
        return []
    tz = timezone.get_current_timezone()
    organisers = list(User.objects.filter(memberships__school=school, memberships__role=Role.HEAD_TEACHER)
                      .distinct().order_by("pk")[:30])
    teacher = User.objects.filter(username="teacher").first()
    leader = User.objects.filter(username="leader").first()
    if teacher:
        organisers = [teacher, *[o for o in organisers if o.pk != teacher.pk]]
    if not organisers:
        return []
    classes = list(SchoolClass.objects.filter(school=school).select_related("grade"))
    elders = list(Elder.objects.filter(school=school, status=Elder.Status.ACTIVE).order_by("pk")[:20])
    days = _working_days(year.start, year.end)
    rows: list[Activity] = []
    for i in range(count):
        day = days[i * len(days) // count]
        kind, title, place, hours = TEMPLATES[i % len(TEMPLATES)] if i % 4 else TEMPLATES[0]
        theme = next((str(c.theme) for c in commemorations(day)), "")
        starts = dt.datetime.combine(day, dt.time(8 if kind == K.FLAG_CEREMONY else 14, 0), tzinfo=tz)
        ends = starts + dt.timedelta(hours=1 if kind == K.FLAG_CEREMONY else 2)
        if day < today - dt.timedelta(days=30):
            status = S.ARCHIVED
        elif day < today:
            status = S.SUMMARISED
        elif day == today:
            status = S.RUNNING
        else:
            status = S.APPROVED if rng.random() < 0.85 else S.APPLIED
        organiser = organisers[i % len(organisers)]
        summarised = status in (S.SUMMARISED, S.ARCHIVED)
        rows.append(Activity(
            school=school, title=title, kind=kind, theme=theme, objectives="落实关工委年度工作计划，" + title + "。",
            audience="相关年级学生", starts_at=starts, ends_at=ends, place=place, organiser=organiser,
            organisers="德育处、校关工委", safety_plan="分组负责，班主任全程在岗，配备医药箱。",
            budget_request=Decimal(rng.choice([0, 500, 800, 1200, 2000])), status=status,
            summary=SUMMARY if summarised else "", participants=rng.randint(40, 400) if summarised else None,
            effect="学生反馈良好。" if summarised else "",
            speaker="优秀学生代表" if kind == K.FLAG_CEREMONY else "",
            route="学校—县革命纪念馆—烈士陵园—学校" if kind == K.STUDY_TRIP else "",
            scenario="教学楼三楼模拟起火，听到警报后按路线疏散至操场。" if kind == K.DRILL else "",
            evacuation_seconds=rng.randint(150, 300) if kind == K.DRILL and summarised else None,
            signup_open=hours is not None, capacity=40 if hours is not None else None, service_hours=hours,
            audience_elders=kind == K.COMMUNITY, audience_parents=kind == K.PARENT_DAY,
            hours_credited_at=timezone.now() if summarised and hours else None,
        ))
    rows = Activity.objects.bulk_create(rows, batch_size=500)
    # audience classes: one grade each; elders for some kinds
    Through = Activity.audience_classes.through
    ElderThrough = Activity.elders.through
    by_grade: dict[int, list[SchoolClass]] = {}
    for c in classes:
        by_grade.setdefault(c.grade_id, []).append(c)
    grades = list(by_grade.values())
    links, elder_links = [], []
    for i, a in enumerate(rows):
        if not grades:
            break
        for c in grades[i % len(grades)]:
            links.append(Through(activity_id=a.pk, schoolclass_id=c.pk))
        if elders and a.kind in (K.STORY_CONTEST, K.STUDY_TRIP, K.LECTURE, K.COMMUNITY):
            elder_links.append(ElderThrough(activity_id=a.pk, elder_id=elders[i % len(elders)].pk))
    Through.objects.bulk_create(links, batch_size=2000)
    ElderThrough.objects.bulk_create(elder_links, batch_size=2000)
    _steps(rows, director, leader)
    _signups(rows, by_grade, today, rng)
    _named(school, today, tz, teacher, classes)
    return rows


def _steps(rows: list[Activity], director: User, leader: User | None) -> None:
    chain: list[str] = [S.APPLIED, S.APPROVED, S.RUNNING, S.SUMMARISED, S.ARCHIVED]
    steps = []
    for a in rows:
        upto = chain.index(a.status) if a.status in chain else 0
        at = a.starts_at - dt.timedelta(days=14)
        for n in range(upto + 1):
            by = a.organiser if chain[n] in (S.APPLIED, S.RUNNING, S.SUMMARISED) else (leader or director)
            steps.append(ActivityStep(activity=a, from_status=chain[n - 1] if n else "", to_status=chain[n],
                                      by=by, at=at if n < 2 else a.starts_at, comment="同意" if n == 1 else ""))
    ActivityStep.objects.bulk_create(steps, batch_size=2000)


def _signups(rows: list[Activity], by_grade: dict, today: dt.date, rng: random.Random) -> None:
    """Places on the activities with sign-up: the past ones attended, hours on the growth record."""
    grade_of_activity = dict(Activity.audience_classes.through.objects.filter(
        activity_id__in=[a.pk for a in rows if a.signup_open]).values_list("activity_id", "schoolclass__grade_id")
        .distinct())
    students_by_grade: dict[int, list[tuple[int, str, int]]] = {}
    for pk, name, grade_id in Student.objects.filter(school_id=rows[0].school_id if rows else 0).values_list(
            "pk", "name", "school_class__grade_id"):
        students_by_grade.setdefault(grade_id, []).append((pk, name, grade_id))
    signups = []
    for a in rows:
        if not a.signup_open or a.pk not in grade_of_activity:
            continue
        pool = students_by_grade.get(grade_of_activity[a.pk], [])
        past = a.status in (S.SUMMARISED, S.ARCHIVED)
        for pk, name, _grade in rng.sample(pool, min(len(pool), rng.randint(12, 40))):
            signups.append(SignUp(activity=a, kind=SignUpKind.STUDENT, student_id=pk, name=name,
                                  status=SignUpStatus.SIGNED_UP, signed_at=a.starts_at - dt.timedelta(days=7),
                                  checked_in_at=a.starts_at if past else None,
                                  hours=a.service_hours if past else None))
    signups = SignUp.objects.bulk_create(signups, batch_size=2000)
    by_pk = {a.pk: a for a in rows}
    entries = []
    for s in signups:
        a = by_pk[s.activity_id]
        if s.checked_in_at is not None and s.student_id is not None:
            entries.append(GrowthEntry(school_id=a.school_id, student_id=s.student_id, kind=GrowthKind.SERVICE,
                                       on=timezone.localtime(a.starts_at).date(), title=a.title[:100],
                                       hours=a.service_hours, internal=False,
                                       source_ref=f"activity:{a.pk}:signup:{s.pk}"))
    GrowthEntry.objects.bulk_create(entries, batch_size=2000)


def _named(school: School, today: dt.date, tz, teacher: User | None, classes: list[SchoolClass]) -> None:
    """Something to do for the named accounts: the leader approves the teacher's application; the student's class
    is invited to a volunteer day next week with sign-up open."""
    if teacher is None:
        return
    days = _working_days(today + dt.timedelta(days=3), today + dt.timedelta(days=20))
    if len(days) < 2:
        return
    student = Student.objects.filter(user__username="student", school=school).select_related("school_class").first()
    for day, title, status, kind in ((days[0], "“学雷锋”志愿服务进社区", S.APPROVED, K.VOLUNTEER),
                                     (days[1], "红色故事宣讲进班级", S.APPLIED, K.STORY_CONTEST)):
        start = dt.datetime.combine(day, dt.time(14, 0), tzinfo=tz)
        a = Activity.objects.create(school=school, title=title, kind=kind, starts_at=start,
                                    ends_at=start + dt.timedelta(hours=2), place="城关社区", organiser=teacher,
                                    status=status, signup_open=True, capacity=30, service_hours=Decimal("2"),
                                    objectives="在实践中学习雷锋精神。", audience_parents=True)
        if student is not None:
            a.audience_classes.set([student.school_class])
        ActivityStep.objects.create(activity=a, to_status=S.APPLIED, by=teacher)


def build(ctx) -> None:
    """The demo school's activities (manifest.py); the second school has none."""
    if ctx.named:
        build_activities(ctx.school, ctx.today, ctx.director, count=800 if ctx.size.students >= 2000 else 120)
