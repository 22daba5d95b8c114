"""The demo school's student clubs (ACT-7), from the work plans' 社团: 书法, 红色宣讲, 科技创新 guided by elders;
文学, 摄影, 环保 by teachers; one request waiting for review (辩论社) and one returned for changes (非遗剪纸社). Each
active club has members, weekly meetings (past ones with attendance, a few to come); 书法社 held its end-of-term
showcase, and its members present have it on their growth record. The named accounts have something to see: the
elder advises 红色宣讲团, the student is in it, the parent's child is in 文学社, the leader has a request to review.
Deterministic (its own random generator), bulk-written."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from xinhuo.core.models import Role, School, User
from xinhuo.elders.models import Elder, Specialty
from xinhuo.people.models import Student

from .models import (
    Club,
    ClubAttendance,
    ClubMeeting,
    ClubMembership,
    ClubStatus,
    ClubStep,
    MeetingKind,
    MemberRole,
    MembershipStatus,
)

S = ClubStatus

# name, advisor (a specialty for an elder, or a teacher's username / "teacher:any"), description, aims, time, place
CLUBS = [
    ("书法社", Specialty.CALLIGRAPHY, "邀请老教师指导毛笔字和硬笔书法，临帖、创作，传承中华优秀传统文化。",
     "每人每学期完成一幅作品参加成果展示。", "每周三下午第四节", "书法教室"),
    ("红色宣讲团", "elder", "在五老指导下搜集、整理、讲述革命英雄事迹，参加“我是红色宣讲员”竞赛。",
     "提升口头表达能力，增强对红色文化的认同感。", "每周四下午第四节", "报告厅"),
    ("科技创新社", Specialty.SCIENCE, "机器人、编程和“小发明、小制作、小创造”，五老专家与科技教师共同指导。",
     "培养科学兴趣、创新精神和实践能力。", "每周五下午", "创客空间"),
    ("文学社", "teacher", "阅读分享、写作练习，编辑校园文学小报。", "每学期出版两期社刊。", "每周二下午第四节",
     "图书馆阅览室"),
    ("摄影社", "teacher2", "学习摄影基础，记录校园生活和社区志愿服务。", "为学校活动留下影像记录。", "每周一下午第四节",
     "艺术楼"),
    ("环保社", "teacher:any", "垃圾分类宣传、校园绿化养护和社区环保志愿活动。", "养成绿色生活习惯。",
     "每两周周三下午", "劳动实践基地"),
]
REQUESTED = ("辩论社", "teacher", "围绕青少年成长话题开展辩论训练和校际交流。", "锻炼思辨和表达能力。")
RETURNED = ("非遗剪纸社", "elder", "学习传统剪纸技艺，了解非物质文化遗产。", "")
TOPICS = ["基础练习", "作品交流", "专题学习", "分组活动", "五老讲传统", "阶段小结"]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def build_clubs(school: School, today: dt.date, director: User | None, *, seed: int = 7) -> list[Club]:
    if director is None:
        return []
    rng = random.Random(f"clubs-{school.code}-{seed}")
    users = {u.username: u for u in User.objects.filter(username__in=["teacher", "teacher2", "leader", "elder"])}
    teachers = list(User.objects.filter(memberships__school=school, memberships__role=Role.HEAD_TEACHER)
                    .exclude(username__in=["teacher", "teacher2"]).distinct().order_by("pk")[:5])
    elders = list(Elder.objects.filter(school=school, status=Elder.Status.ACTIVE).order_by("pk"))
    named_elder = next((e for e in elders if e.user_id and e.user_id == getattr(users.get("elder"), "pk", None)),
                       elders[0] if elders else None)
    students = list(Student.objects.filter(school=school, status=Student.Status.ENROLLED).only("pk", "school_id")
                    .order_by("pk"))
    if not students or named_elder is None:
        return []
    reviewer = users.get("leader") or director
    created = timezone.now() - dt.timedelta(days=90)

    def advisor(key) -> dict:
        if isinstance(key, Specialty):
            e = next((e for e in elders if key in e.specialties and e.pk != named_elder.pk), None)
            return {"advisor_elder": e or named_elder}
        if key == "elder":
            return {"advisor_elder": named_elder}
        if key == "teacher:any" and teachers:
            return {"advisor_user": teachers[0]}
        return {"advisor_user": users.get(key) or director}

    clubs: list[Club] = []
    for name, key, description, aims, schedule, place in CLUBS:
        adv = advisor(key)
        requester = adv.get("advisor_user") or users.get("teacher") or director
        clubs.append(Club(school=school, name=name, description=description, aims=aims, schedule=schedule,
                          place=place, capacity=rng.choice([None, 30, 40]), status=S.ACTIVE, requested_by=requester,
                          created_at=created, **adv))
    asked_by = users.get("teacher") or director
    clubs.append(Club(school=school, name=REQUESTED[0], description=REQUESTED[2], aims=REQUESTED[3],
                      status=S.REQUESTED, requested_by=asked_by, advisor_user=asked_by, capacity=25,
                      created_at=timezone.now() - dt.timedelta(days=2)))
    elder_user = users.get("elder") or director
    clubs.append(Club(school=school, name=RETURNED[0], description=RETURNED[2], aims=RETURNED[3],
                      status=S.RETURNED, requested_by=elder_user, advisor_elder=named_elder,
                      created_at=timezone.now() - dt.timedelta(days=10)))
    clubs = Club.objects.bulk_create(clubs)
    _steps(clubs, director, reviewer)
    active = [c for c in clubs if c.status == S.ACTIVE]
    members = _members(school, active, students, rng)
    _meetings(active, members, today, rng, director)
    return clubs


def _steps(clubs: list[Club], director: User, reviewer: User) -> None:
    steps = []
    for c in clubs:
        steps.append(ClubStep(club=c, to_status=S.REQUESTED, by=c.requested_by, at=c.created_at))
        if c.status == S.ACTIVE:
            by = reviewer if reviewer.pk != c.requested_by_id else director
            steps.append(ClubStep(club=c, from_status=S.REQUESTED, to_status=S.ACTIVE, by=by, comment="同意成立",
                                  at=c.created_at + dt.timedelta(days=2)))
        elif c.status == S.RETURNED:
            steps.append(ClubStep(club=c, from_status=S.REQUESTED, to_status=S.RETURNED, by=reviewer,
                                  comment="请补充活动场地和材料安排", at=c.created_at + dt.timedelta(days=1)))
    ClubStep.objects.bulk_create(steps)


def _members(school: School, active: list[Club], students: list[Student], rng: random.Random) -> dict[int, list[int]]:
    """12 to 25 members a club (within its places); the demo student in 红色宣讲团, the parent's child in 文学社."""
    me = Student.objects.filter(school=school, user__username="student").values_list("pk", flat=True).first()
    child = (Student.objects.filter(school=school, guardian_links__guardian__user__username="parent")
             .values_list("pk", flat=True).first())
    ids = [s.pk for s in students]
    joined = timezone.now() - dt.timedelta(days=80)
    out: dict[int, list[int]] = {}
    rows = []
    for c in active:
        n = min(rng.randint(12, 25), c.capacity or 25, len(ids))
        chosen = rng.sample(ids, n)
        wanted = me if c.name == "红色宣讲团" else child if c.name == "文学社" else None
        if wanted and wanted not in chosen:
            chosen[-1] = wanted
        out[c.pk] = chosen
        for i, pk in enumerate(chosen):
            rows.append(ClubMembership(club=c, student_id=pk, status=MembershipStatus.ACTIVE, joined_at=joined,
                                       requested_at=joined, role=MemberRole.LEADER if i == 0 else MemberRole.MEMBER))
        # a request to join waiting for the advisor
        waiting = next((pk for pk in ids if pk not in chosen and pk not in (me, child)), None)
        if waiting is not None:
            rows.append(ClubMembership(club=c, student_id=waiting, status=MembershipStatus.REQUESTED))
    ClubMembership.objects.bulk_create(rows, batch_size=2000)
    return out


def _meetings(active: list[Club], members: dict[int, list[int]], today: dt.date, rng: random.Random,
              director: User) -> None:
    """Four weekly meetings past (with attendance) and two to come; 书法社's showcase a week ago, credited."""
    meetings, showcase = [], None
    for c in active:
        for week in (-4, -3, -2, -1, 1, 2):
            day = today + dt.timedelta(days=7 * week)
            event = week == -2 and c.name in ("环保社", "红色宣讲团")
            if event:
                title = "社区环保宣传" if c.name == "环保社" else "红色故事进社区"
            else:
                title = f"{c.name}{TOPICS[(week + 4) % len(TOPICS)]}"
            meetings.append(ClubMeeting(
                club=c, kind=MeetingKind.EVENT if event else MeetingKind.MEETING, title=title,
                starts_at=_aware(day, 16), ends_at=_aware(day, 17), place=c.place,
                content="按计划开展活动。", notes="活动有序，社员积极参与。" if week < 0 else "",
                attendance_taken_at=_aware(day, 17) if week < 0 else None, created_by=director))
        if c.name == "书法社":
            day = today - dt.timedelta(days=7)
            showcase = ClubMeeting(club=c, kind=MeetingKind.SHOWCASE, title="期末成果展示", starts_at=_aware(day, 15),
                                   ends_at=_aware(day, 17), place="艺术楼大厅", content="社员书法作品展和现场挥毫。",
                                   summary="展出社员作品四十余幅，五老现场点评，家长和同学踊跃参观。",
                                   attendance_taken_at=_aware(day, 17), created_by=director)
            meetings.append(showcase)
    meetings = ClubMeeting.objects.bulk_create(meetings, batch_size=1000)
    marks = []
    for m in meetings:
        if m.attendance_taken_at is None:
            continue
        for pk in members[m.club_id]:
            marks.append(ClubAttendance(meeting=m, student_id=pk, present=rng.random() < 0.88, marked_by=director,
                                        marked_at=m.attendance_taken_at))
    ClubAttendance.objects.bulk_create(marks, batch_size=5000)
    if showcase is not None:
        from .services import credit_showcase

        credit_showcase(showcase)


def build(ctx) -> None:
    """The demo school's clubs (manifest.py); the second school has none."""
    if ctx.named:
        build_clubs(ctx.school, ctx.today, ctx.director)
