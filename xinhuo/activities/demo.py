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

# The year's programme by month, from the five work plans: (kind, title, place, hours). Each month's items follow
# its commemorations (教师节 in September, 重阳 in October, 消防日 in November, 宪法日 in December, 学雷锋 in
# March, 清明 in April, 防灾减灾 in May, 防溺水 in June), so nothing is dated out of season.
Item = tuple[str, str, str, Decimal | None]  # kind, title, place, volunteer hours
FLAG: Item = (K.FLAG_CEREMONY, "升旗仪式暨国旗下讲话", "学校操场", None)
PROGRAMME: dict[int, list[Item]] = {
    9: [(K.LECTURE, "开学第一课：安全教育专题讲座", "报告厅", None),
        (K.STORY_CONTEST, "教师节“老教师寄语”故事会", "报告厅", None),
        (K.LECTURE, "“勿忘九一八”国防教育讲座", "报告厅", None),
        (K.PARENT_DAY, "新学期家长开放日", "各班教室", None)],
    10: [(K.FESTIVAL, "“我和我的祖国”国庆主题班会", "各班教室", None),
         (K.COMMUNITY, "重阳节敬老院慰问演出", "城关敬老院", Decimal("3")),
         (K.LABOUR, "秋季校园劳动实践日", "劳动实践基地", Decimal("2"))],
    11: [(K.DRILL, "“119”消防应急疏散演练", "教学楼", None),
         (K.LECTURE, "消防安全知识讲座", "报告厅", None),
         (K.SCIENCE, "科技创新与创客展示", "科技楼", None),
         (K.CLUB_EVENT, "书法社团作品展示", "艺术楼", None)],
    12: [(K.LECTURE, "国家宪法日法治教育讲座", "报告厅", None),
         (K.STORY_CONTEST, "“一二·九”红色故事比赛", "报告厅", None),
         (K.FESTIVAL, "冬至包饺子传统文化活动", "学校食堂", None),
         (K.VOLUNTEER, "冬日暖心志愿服务进社区", "城关社区", Decimal("2"))],
    1: [(K.LECTURE, "寒假安全教育讲座", "报告厅", None),
        (K.FESTIVAL, "元旦文艺汇演", "学校礼堂", None),
        (K.CLUB_EVENT, "社团学期成果展演", "学校礼堂", None),
        (K.FESTIVAL, "迎新春写春联送祝福", "艺术楼", None)],
    2: [(K.LECTURE, "开学收心与心理调适讲座", "报告厅", None),
        (K.CLUB_EVENT, "社团招新展示", "学校操场", None),
        (K.FESTIVAL, "元宵节猜灯谜", "学校操场", None)],
    3: [(K.VOLUNTEER, "学雷锋志愿服务进社区", "城关社区", Decimal("2")),
        (K.LABOUR, "植树节义务植树劳动", "劳动实践基地", Decimal("2")),
        (K.STORY_CONTEST, "“五老”讲雷锋故事会", "报告厅", None),
        (K.LECTURE, "春季传染病预防讲座", "报告厅", None)],
    4: [(K.STUDY_TRIP, "清明节“缅怀革命先烈”烈士陵园祭扫", "县烈士陵园", Decimal("3")),
        (K.LECTURE, "全民国家安全教育日讲座", "报告厅", None),
        (K.STORY_CONTEST, "世界读书日红色经典诵读比赛", "报告厅", None),
        (K.PARENT_DAY, "春季家长开放日", "各班教室", None)],
    5: [(K.DRILL, "防灾减灾日防震应急演练", "教学楼", None),
        (K.LECTURE, "心理健康月讲座：学会与压力相处", "报告厅", None),
        (K.FESTIVAL, "“五四”青春歌会", "学校礼堂", None),
        (K.COMMUNITY, "端午节敬老院包粽子慰问", "城关敬老院", Decimal("3"))],
    6: [(K.LECTURE, "防溺水安全教育讲座", "报告厅", None),
        (K.FESTIVAL, "“六一”传统文化节", "学校操场", None),
        (K.SCIENCE, "科技节成果展示", "科技楼", None)],
    7: [(K.LECTURE, "暑假安全教育讲座", "报告厅", None),
        (K.STORY_CONTEST, "“七一”党史故事会", "报告厅", None),
        (K.FESTIVAL, "期末表彰大会", "学校礼堂", None)],
    8: [(K.LECTURE, "新学期安全教育讲座", "报告厅", None)],
}
# held every month for one grade or another: the red-culture study trip, community volunteering, the parents' open day
ALL_YEAR: list[Item] = [(K.STUDY_TRIP, "“追寻红色足迹”研学实践", "县革命纪念馆", Decimal("4")),
            (K.VOLUNTEER, "“学雷锋”志愿服务进社区", "城关社区", Decimal("2")),
            (K.PARENT_DAY, "家长开放日", "各班教室", None)]
for _month, _items in PROGRAMME.items():
    _items += [t for t in ALL_YEAR if t[0] not in {k for k, *_ in _items}]

# who organises what, by the departments the demo school has (core/demo.py)
ORGANISERS: dict[str, str] = {
    K.VOLUNTEER: "团委/少先队、校关工委", K.STUDY_TRIP: "团委/少先队、校关工委", K.SCIENCE: "教务处",
    K.CLUB_EVENT: "教务处、团委/少先队", K.DRILL: "德育处、总务处", K.COMMUNITY: "工会、校关工委",
    K.PARENT_DAY: "德育处、家长委员会", K.LABOUR: "总务处、德育处",
}

# the objectives each kind serves (the plans' wording), so a story contest never claims to teach Lei Feng's spirit
GOALS: dict[str, str] = {
    K.FLAG_CEREMONY: "开展爱国主义教育，增强学生的国家意识。",
    K.STUDY_TRIP: "在实地研学中学习革命历史，传承红色基因。",
    K.STORY_CONTEST: "通过讲述红色故事，引导学生坚定理想信念、争做时代新人。",
    K.LECTURE: "普及法治、安全和心理健康知识，提高学生的自我保护能力。",
    K.DRILL: "熟悉疏散路线，提高师生应急避险能力。",
    K.VOLUNTEER: "在志愿服务中学习雷锋精神，培养社会责任感。",
    K.LABOUR: "在劳动实践中培养劳动习惯和吃苦耐劳的品质。",
    K.SCIENCE: "激发学生的科学兴趣和创新意识。",
    K.CLUB_EVENT: "展示社团成果，丰富校园文化生活。",
    K.FESTIVAL: "弘扬中华优秀传统文化，增强文化自信。",
    K.PARENT_DAY: "请家长走进课堂，促进家校沟通协同育人。",
    K.PARENT_MEETING: "向家长通报学生在校情况，共商家庭教育。",  # held by the parent committees (family demo)
    K.COMMUNITY: "走进社区和敬老院，弘扬尊老敬老的传统美德。",
}
# kinds the elders take part in: they tell the stories, guide the trips, perform with the students
# what the committee's funds pay for, by kind (yuan): buses, prizes, materials, a speaker's fee now and then; a flag
# ceremony, a drill or an open day costs the committee nothing
BUDGETS: dict[str, tuple[int, ...]] = {
    K.STUDY_TRIP: (800, 1200, 1500), K.FESTIVAL: (500, 800), K.COMMUNITY: (500, 800), K.STORY_CONTEST: (300, 500),
    K.SCIENCE: (600, 800), K.LABOUR: (300,), K.CLUB_EVENT: (300, 500), K.LECTURE: (0, 0, 300), K.VOLUNTEER: (0, 0, 200),
}
ELDER_KINDS = (K.STORY_CONTEST, K.STUDY_TRIP, K.COMMUNITY)
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
    by_grade: dict[int, list[SchoolClass]] = {}
    for c in sorted(classes, key=lambda c: (c.grade.level, c.pk)):
        by_grade.setdefault(c.grade_id, []).append(c)
    grades = list(by_grade.values())  # the i-th activity is for grades[i % len(grades)]
    grade_names = [g[0].grade.name for g in grades]
    in_month: dict[tuple[int, int], int] = {}
    grade_of: list[int] = []  # the index in `grades` of each activity's audience
    for i in range(count):
        day = days[i * len(days) // count]
        programme = PROGRAMME[day.month]
        if i % 4 == 0:
            (kind, title, place, hours), g = FLAG, i % max(len(grades), 1)
        else:
            # the month's items, each held once per grade before any is held again: the titles tell them apart
            n = in_month[(day.year, day.month)] = in_month.get((day.year, day.month), -1) + 1
            per_round = len(programme) * max(len(grades), 1)
            (kind, title, place, hours), g = programme[n % len(programme)], (n // len(programme)) % max(len(grades), 1)
            if grades:
                title += f"（{grade_names[g]}）" if n < per_round else f"（{grade_names[g]}·第{n // per_round + 1}场）"
        grade_of.append(g)
        theme = next((str(c.theme) for c in commemorations(day)), "")
        grade = grade_names[g] if grades and kind != K.FLAG_CEREMONY else ""
        starts = dt.datetime.combine(day, dt.time(8 if kind == K.FLAG_CEREMONY else 14, 0), tzinfo=tz)
        ends = starts + dt.timedelta(hours=1 if kind == K.FLAG_CEREMONY else 2)
        if day < today - dt.timedelta(days=30):
            status = S.ARCHIVED
        elif day < today:
            status = S.SUMMARISED
        elif day == today:
            status = S.RUNNING
        else:
            status = S.APPROVED if rng.random() < 0.95 else S.APPLIED  # a few wait for the leader
        organiser = organisers[i % len(organisers)]
        summarised = status in (S.SUMMARISED, S.ARCHIVED)
        rows.append(Activity(
            school=school, title=title, kind=kind, theme=theme, objectives=GOALS[kind],
            audience=f"{grade}学生" if grade else "全体学生", starts_at=starts, ends_at=ends, place=place,
            organiser=organiser, organisers=ORGANISERS.get(kind, "德育处、校关工委"),
            safety_plan="分组负责，班主任全程在岗，配备医药箱。",
            budget_request=Decimal(rng.choice(BUDGETS.get(kind, (0,)))), status=status,
            summary=SUMMARY if summarised else "", participants=rng.randint(40, 400) if summarised else None,
            effect="学生反馈良好。" if summarised else "",
            speaker="优秀学生代表" if kind == K.FLAG_CEREMONY else "",
            route="学校—县革命纪念馆—烈士陵园—学校" if kind == K.STUDY_TRIP else "",
            scenario="教学楼三楼模拟起火，听到警报后按路线疏散至操场。" if kind == K.DRILL else "",
            evacuation_seconds=rng.randint(150, 300) if kind == K.DRILL and summarised else None,
            signup_open=hours is not None, capacity=40 if hours is not None else None, service_hours=hours,
            audience_elders=kind in ELDER_KINDS, audience_parents=kind == K.PARENT_DAY,
            hours_credited_at=timezone.now() if summarised and hours else None,
        ))
    rows = Activity.objects.bulk_create(rows, batch_size=500)
    # audience classes: one grade each; elders for some kinds
    Through = Activity.audience_classes.through
    ElderThrough = Activity.elders.through
    links: list = []
    elder_links: list = []
    for i, a in enumerate(rows):
        if not grades:
            break
        for c in grades[grade_of[i]]:
            links.append(Through(activity_id=a.pk, schoolclass_id=c.pk))
        if elders and a.kind in (*ELDER_KINDS, K.LECTURE):
            # the elders take turns, the README's elder (the first, a party-history speaker) included
            elder_links.append(ElderThrough(activity_id=a.pk, elder_id=elders[len(elder_links) % len(elders)].pk))
    Through.objects.bulk_create(links, batch_size=2000)
    ElderThrough.objects.bulk_create(elder_links, batch_size=2000)
    if elders:  # the README's elder tells the red stories of the story contests to come
        coming = [a.pk for a in rows if a.kind == K.STORY_CONTEST and a.starts_at.date() >= today]
        Activity.objects.filter(pk__in=coming).update(speaker=elders[0].name)
    _steps(rows, director, leader)
    _signups(rows, by_grade, today, rng)
    _named(school, today, tz, teacher, classes)
    return rows


def _steps(rows: list[Activity], director: User, leader: User | None) -> None:
    chain: list[str] = [S.APPLIED, S.APPROVED, S.RUNNING, S.SUMMARISED, S.ARCHIVED]
    steps = []
    now = timezone.now()
    for a in rows:
        upto = chain.index(a.status) if a.status in chain else 0
        # applied two weeks ahead; one still waiting was applied a few days ago, never in the future
        at = min(a.starts_at - dt.timedelta(days=14), now - dt.timedelta(days=2 + a.pk % 5))
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
    named = set(Student.objects.filter(user__username="student").values_list("pk", flat=True)) | set(
        Student.objects.filter(guardian_links__guardian__user__username="parent").values_list("pk", flat=True))
    signups = []
    for a in rows:
        if not a.signup_open or a.pk not in grade_of_activity:
            continue
        pool = students_by_grade.get(grade_of_activity[a.pk], [])
        past = a.status in (S.SUMMARISED, S.ARCHIVED)
        chosen = rng.sample(pool, min(len(pool), rng.randint(12, 40)))
        # the README's student and parent's child take part in most of their grade's: their growth record shows it
        chosen += [p for p in pool if p[0] in named and p not in chosen and a.pk % 3]
        for pk, name, _grade in chosen:
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
    leader = User.objects.filter(username="leader").first()
    for day, title, status, kind, place in (
            (days[0], "社区志愿服务：关爱空巢老人", S.APPROVED, K.VOLUNTEER, "城关社区"),
            (days[1], "红色故事宣讲进班级", S.APPLIED, K.STORY_CONTEST, "初一1班教室")):
        start = dt.datetime.combine(day, dt.time(14, 0), tzinfo=tz)
        volunteer = kind == K.VOLUNTEER
        a = Activity.objects.create(school=school, title=title, kind=kind, starts_at=start,
                                    ends_at=start + dt.timedelta(hours=2), place=place, organiser=teacher,
                                    status=status, signup_open=volunteer, capacity=30 if volunteer else None,
                                    service_hours=Decimal("2") if volunteer else None, objectives=GOALS[kind],
                                    audience_parents=volunteer, audience_elders=not volunteer)
        if student is not None:
            a.audience_classes.set([student.school_class])
        applied = timezone.now() - dt.timedelta(days=2)
        ActivityStep.objects.create(activity=a, to_status=S.APPLIED, by=teacher, at=applied)
        if status == S.APPROVED:
            ActivityStep.objects.create(activity=a, from_status=S.APPLIED, to_status=S.APPROVED, by=leader or teacher,
                                        at=applied + dt.timedelta(days=1), comment="同意")


def build(ctx) -> None:
    """The demo school's activities (manifest.py); the second school has none."""
    if ctx.named:
        build_activities(ctx.school, ctx.today, ctx.director, count=800 if ctx.size.students >= 2000 else 120)
