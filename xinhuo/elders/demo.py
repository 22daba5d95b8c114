"""The demo school's elders: the registry (profiles, specialties, willingness, weekly slots, health), the
`elder` and `young` accounts, the elder representatives on the committee, and the elder team at work: roles held,
hours, inspections, training, apprenticeship pairs, care visits, recreation, awards and the young teacher
reserve. Deterministic (the builder's rng, used after the people's)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from xinhuo.core.demo import DemoContext
from xinhuo.core.models import CommitteeMember, Role, School, User
from xinhuo.people.models import Staff

from .models import (
    ROLE_SPECIALTIES,
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Availability,
    Award,
    CareVisit,
    Elder,
    ElderRole,
    Inspection,
    InspectionStep,
    Participation,
    RecreationEvent,
    ResearchProject,
    ServiceRecord,
    Specialty,
    StageStep,
    TrainingAttendance,
    TrainingSession,
    YoungTeacher,
)

SPECIALTY_CODES = [c.value for c in Specialty]

NEEDS = {
    ElderRole.HISTORY_SPEAKER: "“红色记忆讲堂”每月一讲",
    ElderRole.MORAL_MENTOR: "初一年级德育导师",
    ElderRole.HEART_MENTOR: "留守儿童心灵陪伴",
    ElderRole.OUTSIDE_COUNSELLOR: "科技节校外辅导",
    ElderRole.INSPECTOR: "校园周边环境义务监督",
    ElderRole.CLUB_ADVISOR: "书法社团指导",
    ElderRole.SCHOOL_HISTORY: "校史馆资料整理",
}


def build(ctx: DemoContext) -> None:
    """Reads ctx.data "staff"; leaves "elders" and adds the elder representatives to "committee". The second
    school gets the registry and its representatives only."""
    elders = build_elders(ctx, ctx.size.elders)
    ctx.data["elders"] = elders
    if ctx.named:
        user = ctx.builder.user("elder", elders[0].name, ctx.school, Role.ELDER, phone=elders[0].phone)
        Elder.objects.filter(pk=elders[0].pk).update(user=user)
    committee(ctx, elders)
    if ctx.named:
        young = young_teacher_account(ctx.school, ctx.builder.user)
        team = list(Elder.objects.filter(school=ctx.school).select_related("user").order_by("pk"))
        build_elder_team(ctx.school, team, ctx.data["staff"], ctx.today, ctx.builder.rng, ctx.director, young)


def build_elders(ctx: DemoContext, count: int) -> list[Elder]:
    """The registry (ELD-1): profile, specialties and willingness, a weekly slot or two, health for some."""
    b = ctx.builder
    rows = []
    categories = list(Elder.Category)
    political = [Elder.Political.PARTY_MEMBER] * 3 + [Elder.Political.MASSES] * 2 + [
        Elder.Political.DEMOCRATIC_PARTY]
    health_notes = ["高血压，服药控制平稳，避免长时间站立。", "膝关节不好，不宜爬楼，活动安排在一楼。",
                    "糖尿病，活动中注意按时进餐。", "听力稍弱，交流时请放慢语速。"]
    slot_times = [(dt.time(8, 30), dt.time(11, 30)), (dt.time(14, 0), dt.time(17, 0)),
                  (dt.time(15, 0), dt.time(16, 30))]
    seen: set[str] = set()
    for _ in range(count):
        gender = b.rng.choice("MMF")
        name = b.person_name(gender)
        while name in seen:  # two 刘海燕 in a registry of twelve would only confuse whoever tries the demo
            name = b.person_name(gender)
        seen.add(name)
        e = Elder(
            school=ctx.school, name=name, gender=gender,
            category=b.rng.choice(categories), phone=b.phone(),
            birth_date=dt.date(b.rng.randint(1938, 1962), b.rng.randint(1, 12), b.rng.randint(1, 28)),
            specialties=b.rng.sample(SPECIALTY_CODES, 2),
            former_work=b.rng.choice(["退休教师", "退休干部", "退役军人", "退休工程师", "劳动模范", "退休医生"]),
            joined_on=ctx.today - dt.timedelta(days=b.rng.randint(100, 3000)),
        )
        e.political_status = b.rng.choice(political)
        fitting = [r.value for r in ElderRole if ROLE_SPECIALTIES[r] & set(e.specialties)]
        e.willingness = b.rng.sample(fitting, min(len(fitting), b.rng.randint(1, 2))) or [
            b.rng.choice(list(ElderRole)).value]
        e.max_load = b.rng.choice([2, 3, 3, 4])
        if b.rng.random() < 0.8:
            e.last_health_check = ctx.today - dt.timedelta(days=b.rng.randint(20, 420))
        if b.rng.random() < 0.3:
            e.health_notes = b.rng.choice(health_notes)
        e.fill_keys()
        rows.append(e)
    elders = Elder.objects.bulk_create(rows, batch_size=500)
    slots = []
    for e in elders:
        for weekday in sorted(b.rng.sample(range(5), b.rng.randint(1, 2))):
            start, end = b.rng.choice(slot_times)
            slots.append(Availability(elder=e, weekday=weekday, start=start, end=end))
    Availability.objects.bulk_create(slots, batch_size=1000)
    return elders


def committee(ctx: DemoContext, elders: list[Elder]) -> None:
    """The first three elders represent their peers on the committee (core writes it after every step)."""
    rows = ctx.data.setdefault("committee", [])
    for i, e in enumerate(elders[:3]):
        rows.append(CommitteeMember(school=ctx.school, name=e.name, position=CommitteeMember.Position.ELDER_REP,
                                    title=f"{e.get_category_display()}代表", duties="联系五老，参与评议",
                                    order=10 + i))


def build_elder_team(school: School, elders: list[Elder], staff: list[Staff], today: dt.date,
                     rng: random.Random, director: User | None, young_user: User | None) -> None:
    active = [e for e in elders if e.status == Elder.Status.ACTIVE] or elders
    first = elders[0]

    # roles held: the named elder lectures on party history and inspects; others by their willingness
    assignments = [
        Assignment(school=school, elder=first, role=ElderRole.HISTORY_SPEAKER,
                   need=NEEDS[ElderRole.HISTORY_SPEAKER], need_kind=Assignment.NeedKind.ACTIVITY,
                   weekday=2, start_on=today - dt.timedelta(days=60), assigned_by=director),
        Assignment(school=school, elder=first, role=ElderRole.INSPECTOR, need=NEEDS[ElderRole.INSPECTOR],
                   need_kind=Assignment.NeedKind.TASK, start_on=today - dt.timedelta(days=90), assigned_by=director),
    ]
    for e in active[1:]:
        if rng.random() < 0.5:
            role = ElderRole(rng.choice(e.willingness)) if e.willingness else rng.choice(list(ElderRole))
            assignments.append(Assignment(
                school=school, elder=e, role=role, need=NEEDS[role],
                start_on=today - dt.timedelta(days=rng.randint(10, 200)), assigned_by=director))
    Assignment.objects.bulk_create(assignments)

    # hours across the school year so far, from the roles held and from training and inspections
    year_start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    span = max((today - year_start).days, 7)
    records = []
    for a in assignments:
        for _n in range(rng.randint(2, 6)):
            records.append(ServiceRecord(
                school=school, elder=a.elder, date=today - dt.timedelta(days=rng.randint(1, span)),
                hours=Decimal(rng.choice(["1.5", "2", "2.5", "3"])), source=ServiceRecord.Source.ASSIGNMENT,
                description=a.need, recorded_by=director))
    for e in active[: max(3, len(active) // 2)]:
        for source, what in ((ServiceRecord.Source.TRAINING, "参加关工委五老骨干培训"),
                             (ServiceRecord.Source.INSPECTION, "参与校园周边环境巡查")):
            if e is first or rng.random() < 0.5:
                records.append(ServiceRecord(
                    school=school, elder=e, date=today - dt.timedelta(days=rng.randint(1, span)),
                    hours=Decimal("2"), source=source, description=what, recorded_by=director))
    ServiceRecord.objects.bulk_create(records)

    # inspections: one closed with its follow-up, one being followed, one urgent still open
    I = Inspection  # noqa: E741
    specs = [
        (I.Kind.INTERNET_CAFE, "学校东门外约200米“极速网咖”", 40, "发现两名疑似未成年人在上网，前台未查验身份证。",
         I.Severity.MEDIUM, I.Status.CLOSED),
        (I.Kind.FOOD_SAFETY, "校门口流动早餐摊点", 12, "摊点无健康证，食品未加盖防尘。",
         I.Severity.LOW, I.Status.FOLLOWING),
        (I.Kind.SURROUNDINGS, "学校南侧人行道", 2, "人行道井盖缺失，上下学时段有安全隐患。",
         I.Severity.HIGH, I.Status.OPEN),
    ]
    for kind, place, ago, findings, severity, status in specs:
        report = Inspection.objects.create(
            school=school, inspector=first, kind=kind, place=place, date=today - dt.timedelta(days=ago),
            findings=findings, severity=severity, status=status, created_by=first.user)
        InspectionStep.objects.create(inspection=report, status=I.Status.OPEN, by=first.user,
                                      comment="", at=_at(today - dt.timedelta(days=ago)))
        if status != I.Status.OPEN:
            InspectionStep.objects.create(inspection=report, status=I.Status.FOLLOWING, by=director,
                                          comment="已联系属地社区与市场监管所。",
                                          at=_at(today - dt.timedelta(days=ago - 1)))
        if status == I.Status.CLOSED:
            InspectionStep.objects.create(inspection=report, status=I.Status.CLOSED, by=director,
                                          comment="文化执法部门已约谈经营者，张贴“未成年人禁入”标识。",
                                          at=_at(today - dt.timedelta(days=ago - 10)))

    # training: study, induction for inspectors, rotation; and one coming up
    sessions = [
        TrainingSession.objects.create(school=school, kind=TrainingSession.Kind.STUDY,
                                       topic="学习关心下一代工作最新要求",
                                       date=today - dt.timedelta(days=30), place="学校会议室", speaker="赵书记"),
        TrainingSession.objects.create(school=school, kind=TrainingSession.Kind.INDUCTION, role=ElderRole.INSPECTOR,
                                       topic="义务监督员岗前培训：网吧与食品安全监督要点",
                                       date=today - dt.timedelta(days=85), place="学校会议室", speaker="李校长"),
        TrainingSession.objects.create(school=school, kind=TrainingSession.Kind.ROTATION, topic="心理辅导基础轮训",
                                       date=today + dt.timedelta(days=9), place="心理辅导室", speaker="心理教师"),
    ]
    TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(session=s, elder=e, present=s.date <= today and rng.random() < 0.85)
         for s in sessions for e in active[: max(3, len(active) // 3)]]
    )

    # apprenticeship pairs: the named elder with the newest elder (传帮带); young teachers with elders
    newest = max(elders[1:], key=lambda e: e.joined_on, default=None)
    if newest is not None:
        pair = ApprenticeshipPair.objects.create(school=school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=first,
                                         mentee_elder=newest, started_on=today - dt.timedelta(days=50),
                                         goals="熟悉党史宣讲流程，三个月内独立完成一次宣讲。", contact_every_days=14)
        ApprenticeshipContact.objects.create(apprenticeship=pair, date=today - dt.timedelta(days=20),
                                         way=ApprenticeshipContact.Way.MEETING, topic="一起备课“长征精神”",
                                             by=first.user)

    teachers = []
    free = list(Staff.objects.filter(school=school, user__isnull=True).order_by("staff_no")[:3])
    if young_user is not None:
        mine = Staff.objects.filter(school=school, user=young_user).first()
        if mine is not None:
            free.insert(0, mine)
    for n, member in enumerate(free):
        stage = [YoungTeacher.Stage.PRACTISING, YoungTeacher.Stage.LEARNING, YoungTeacher.Stage.ORGANISING,
                 YoungTeacher.Stage.LEARNING][n % 4]
        yt = YoungTeacher.objects.create(school=school, staff=member, stage=stage,
                                         joined_on=today - dt.timedelta(days=300 - 40 * n),
                                         goals="三年内能独立策划并组织一次年级主题活动。")
        StageStep.objects.create(young_teacher=yt, stage=YoungTeacher.Stage.LEARNING, reached_on=yt.joined_on,
                                 by=director)
        if stage != YoungTeacher.Stage.LEARNING:
            StageStep.objects.create(young_teacher=yt, stage=stage, reached_on=today - dt.timedelta(days=60),
                                     by=director)
        Participation.objects.bulk_create([
            Participation(young_teacher=yt, date=today - dt.timedelta(days=15), kind=Participation.Kind.CLASS_MEETING,
                          description="组织“传承红色基因”主题班会", hours=Decimal("2"), recorded_by=director),
            Participation(young_teacher=yt, date=today - dt.timedelta(days=30), kind=Participation.Kind.TRAINING,
                          description="参加关工委学习交流会", hours=Decimal("2"), recorded_by=director),
        ])
        teachers.append(yt)
    if teachers and len(active) > 1:
        ApprenticeshipPair.objects.create(school=school, kind=ApprenticeshipPair.Kind.YOUNG_TEACHER, mentor=first,
                                  mentee_teacher=teachers[0], started_on=today - dt.timedelta(days=45),
                                  goals="指导开展德育课题研究。", contact_every_days=30)
        ApprenticeshipPair.objects.create(school=school, kind=ApprenticeshipPair.Kind.YOUNG_TEACHER, mentor=active[1],
                                  mentee_teacher=teachers[-1], started_on=today - dt.timedelta(days=100),
                                  contact_every_days=30)
        project = ResearchProject.objects.create(
            school=school, title="“五老”参与初中德育的实践研究", leader=teachers[0], level="县级",
            started_on=today - dt.timedelta(days=120), due_on=today + dt.timedelta(days=240),
            status=ResearchProject.Status.ONGOING)
        project.members.set(teachers[1:3])
        project.advisors.set([first])

    # care for the elders
    visits = []
    for n, e in enumerate(elders[:6]):
        done = n % 2 == 0
        visits.append(CareVisit(
            school=school, elder=e, kind=CareVisit.Kind.VISIT if n % 3 else CareVisit.Kind.HOLIDAY,
            planned_on=today + dt.timedelta(days=(-20 if done else 5) + n),
            done_on=today - dt.timedelta(days=20 - n) if done else None, visitors="王建国、工会干事",
            notes="身体硬朗，关心学校宣讲安排。" if done else "", created_by=director))
    visits.append(CareVisit(school=school, elder=elders[-1], planned_on=today - dt.timedelta(days=3),
                            visitors="王建国", created_by=director))  # planned, not yet done: overdue
    CareVisit.objects.bulk_create(visits)
    event = RecreationEvent.objects.create(school=school, title="“金秋”五老书画展", date=today + dt.timedelta(days=12),
                                           place="学校图书馆")
    event.participants.set(active[:5])

    # recognition
    year = today.year
    for n, e in enumerate(active[:3], start=1):
        Award.objects.create(
            school=school, elder=e, title="优秀五老", level=Award.Level.SCHOOL if n > 1 else Award.Level.COUNTY,
            awarded_on=today - dt.timedelta(days=30 * n), issuer="学校关工委" if n > 1 else "县关工委",
            citation="热心关心下一代工作，长期坚持进校园宣讲，深受师生爱戴。", certificate_no=f"XH{year}-{n:03d}",
            created_by=director)


def _at(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def young_teacher_account(school: School, role_user) -> User | None:
    """The demo's `young` account: a young teacher of the reserve, linked to a staff record."""
    member = Staff.objects.filter(school=school, user__isnull=True).order_by("-staff_no").first()
    if member is None:
        return None
    user = role_user("young", member.name, school, Role.YOUNG_TEACHER)
    Staff.objects.filter(pk=member.pk).update(user=user, position="青年教师")
    return user
