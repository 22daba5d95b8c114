"""The demo school's parent volunteers: about sixty parents on the roster (a doctor, a traffic policeman, a cook,
a calligrapher, a photographer …), the autumn sports meeting's volunteers with their hours, and the duties to come:
the winter fun games (the README's parent invited, not answered yet), the next open day's safety patrol, a study
trip's escorts. The open days take parents' own sign-up, and the term's parent meetings are activities of their
kind. Deterministic (own random generator) and bulk-written."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from xinhuo.activities.calendar import off_day_reason
from xinhuo.activities.models import Activity, ActivityKind, ActivityStatus, ActivityStep, SignUp, SignUpKind
from xinhuo.core.models import SchoolClass, User
from xinhuo.people.models import Guardian

from .models import ResponseStatus, VolunteerKind, VolunteerOffer, VolunteerRequest, VolunteerResponse

K = VolunteerKind
RS = ResponseStatus
S = ActivityStatus

# (skills, the duties they fit)
SKILLS = [
    ("医生，持急救证", [K.MEDICAL, K.SUPPORT]), ("护士", [K.MEDICAL]), ("交警", [K.PATROL, K.TRIP]),
    ("厨师", [K.SUPPORT]), ("书法", [K.TEACHING, K.TALK]), ("摄影", [K.PUBLICITY]), ("律师", [K.TALK]),
    ("消防员", [K.TALK, K.PATROL]), ("中学退休教师", [K.TEACHING]), ("驾驶员", [K.TRIP, K.SUPPORT]),
    ("心理咨询师", [K.TALK]), ("会计", [K.SUPPORT]), ("软件工程师", [K.TEACHING, K.TALK]), ("民警", [K.PATROL]),
    ("园艺", [K.TEACHING]), ("美术设计", [K.PUBLICITY, K.TEACHING]), ("个体经营", [K.SUPPORT, K.PATROL]),
    ("农技员", [K.TALK, K.TEACHING]), ("社区工作者", [K.PATROL, K.SUPPORT]), ("", [K.PATROL, K.SUPPORT]),
]
TIMES = ["工作日早上7点到8点", "周末全天", "下午4点以后", "需提前一周约", "周三下午", ""]


def _day(today: dt.date, offset: int, forward: bool = True) -> dt.date:
    """The working day `offset` days from today, moved to the next (or previous) working day."""
    d = today + dt.timedelta(days=offset)
    while off_day_reason(d) is not None:
        d += dt.timedelta(days=1 if forward else -1)
    return d


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _activity(school, organiser: User, approver: User, title: str, kind: str, day: dt.date, hours: tuple[int, int],
              place: str, status: str, classes: list[SchoolClass], **kw) -> Activity:
    starts, ends = _at(day, hours[0]), _at(day, hours[1])
    summarised = status in (S.SUMMARISED, S.ARCHIVED)
    participants = kw.pop("participants", None)
    a = Activity.objects.create(
        school=school, title=title, kind=kind, starts_at=starts, ends_at=ends, place=place, organiser=organiser,
        organisers="德育处、校关工委、家长委员会", status=status, objectives=f"家校协同，办好{title}。",
        audience="相关年级学生及家长", safety_plan="分区负责，家长志愿者协助维持秩序，配备医药箱。",
        summary="活动顺利开展，家长志愿者全程协助，秩序良好。" if summarised else "",
        participants=participants if summarised else None, **kw)
    a.audience_classes.set(classes)
    chain: list[str] = [S.APPLIED, S.APPROVED, S.RUNNING, S.SUMMARISED]
    upto = chain.index(status) if status in chain else 1
    ActivityStep.objects.bulk_create([
        ActivityStep(activity=a, from_status=chain[n - 1] if n else "", to_status=chain[n],
                     by=approver if chain[n] == S.APPROVED else organiser,
                     at=starts - dt.timedelta(days=14) if n < 2 else starts, comment="同意" if n == 1 else "")
        for n in range(upto + 1)])
    return a


def build(ctx) -> None:
    if not ctx.named:
        return
    school, today = ctx.school, ctx.today
    rng = random.Random(15)
    guardians: list[tuple] = list(Guardian.objects.filter(school=school).order_by("pk")
                                  .values_list("pk", "name", "user_id"))
    if not guardians:
        return
    parent = Guardian.objects.filter(school=school, user__username="parent").first()
    teacher = User.objects.filter(username="teacher").first() or ctx.director
    director = ctx.director
    if teacher is None or director is None:
        return
    count = 60 if len(guardians) < 3000 else 150
    chosen = rng.sample(guardians, min(count, len(guardians)))
    if parent is not None and parent.pk not in {g[0] for g in chosen}:
        chosen[0] = (parent.pk, parent.name, parent.user_id)
    now = timezone.now()
    offers = []
    for i, (pk, _name, _user) in enumerate(chosen):
        skills, kinds = SKILLS[i % len(SKILLS)]
        if parent is not None and pk == parent.pk:
            skills, kinds = "医生，持急救证", [K.MEDICAL, K.SUPPORT, K.PATROL]
        days = "".join(sorted(rng.sample("12345", rng.randint(1, 3)))) + ("6" if rng.random() < 0.3 else "")
        offers.append(VolunteerOffer(school=school, guardian_id=pk, kinds="," + ",".join(kinds) + ",",
                                     skills=skills, weekdays=days, times=rng.choice(TIMES),
                                     active=rng.random() > 0.08 or pk == getattr(parent, "pk", None),
                                     created_at=now - dt.timedelta(days=rng.randint(20, 90)), updated_at=now))
    VolunteerOffer.objects.bulk_create(offers)
    volunteers = [o.guardian_id for o in offers if o.active]

    classes = list(SchoolClass.objects.filter(school=school, graduated_in__isnull=True).select_related("grade")
                   .order_by("grade__level", "number"))
    if not classes:
        return
    first_grade = [c for c in classes if c.grade_id == classes[0].grade_id]
    parent_class = parent.students.values_list("school_class_id", flat=True).first() if parent else None
    if parent_class and parent_class not in {c.pk for c in first_grade}:
        first_grade.append(next(c for c in classes if c.pk == parent_class))

    # the open days take the parents' own sign-up (issue 20); the term's parent meetings are activities
    Activity.objects.filter(school=school, kind=ActivityKind.PARENT_DAY, status__in=(S.APPROVED, S.RUNNING)).update(
        signup_open=True, capacity=None)
    sports = _activity(school, teacher, director, "秋季田径运动会", ActivityKind.FESTIVAL, _day(today, -45), (8, 16),
                       "学校田径场", S.SUMMARISED, classes, participants=900)
    games = _activity(school, teacher, director, "冬季趣味运动会", ActivityKind.FESTIVAL, _day(today, 10), (8, 12),
                      "学校田径场", S.APPROVED, first_grade, audience_parents=True)
    past_meeting = _activity(school, teacher, director, "初一年级期中家长会", ActivityKind.PARENT_MEETING,
                             _day(today, -30), (14, 16), "各班教室", S.SUMMARISED, first_grade, signup_open=False,
                             participants=280)
    _activity(school, teacher, director, "期末家长会", ActivityKind.PARENT_MEETING, _day(today, 33), (14, 16),
              "各班教室", S.APPROVED, first_grade, signup_open=True)
    open_day = (Activity.objects.filter(school=school, kind=ActivityKind.PARENT_DAY, status=S.APPROVED,
                                        starts_at__gte=now).order_by("starts_at").first())
    trip = (Activity.objects.filter(school=school, kind=ActivityKind.STUDY_TRIP, status=S.APPROVED,
                                    starts_at__gte=now).order_by("starts_at").first())
    past_day = (Activity.objects.filter(school=school, kind=ActivityKind.PARENT_DAY, status__in=(
        S.SUMMARISED, S.ARCHIVED)).order_by("-starts_at").first())

    # the parents who came to the mid-term meeting signed up themselves
    parent_rows = list(Guardian.objects.filter(school=school, user__isnull=False,
                                               students__school_class__in=first_grade).distinct()
                       .values_list("user_id", "name")[:200])
    SignUp.objects.bulk_create([
        SignUp(activity=past_meeting, kind=SignUpKind.PARENT, user_id=uid, name=name[:50],
               signed_at=past_meeting.starts_at - dt.timedelta(days=5), checked_in_at=past_meeting.starts_at)
        for uid, name in parent_rows if rng.random() < 0.8])

    def ask(activity, kind, needed, note, *, start=None, end=None, open_to_all=False):
        if activity is None:
            return None
        return VolunteerRequest.objects.create(
            school=school, activity=activity, kind=kind, needed=needed, note=note, open_to_all=open_to_all,
            starts_at=start or activity.starts_at, ends_at=end or activity.ends_at, created_by=activity.organiser,
            created_at=activity.starts_at - dt.timedelta(days=12))

    responses: list[VolunteerResponse] = []

    def answers(request, pool, statuses, *, served=False):
        if request is None:
            return
        for gid, status in zip(pool, statuses, strict=False):
            done = served and status == RS.ACCEPTED
            responses.append(VolunteerResponse(
                request=request, guardian_id=gid, status=status, invited_by=request.created_by,
                invited_at=request.created_at, responded_at=request.created_at + dt.timedelta(days=1)
                if status != W else None, served=done if served and status == RS.ACCEPTED else None,
                hours=request.duration_hours if done else None,
                confirmed_at=request.ends_at + dt.timedelta(days=1) if done else None,
                confirmed_by=request.created_by if done else None))
        if served:
            request.hours_confirmed_at, request.hours_confirmed_by = request.ends_at + dt.timedelta(days=1), \
                request.created_by
            request.save(update_fields=["hours_confirmed_at", "hours_confirmed_by"])

    others = [g for g in volunteers if g != getattr(parent, "pk", None)]
    rng.shuffle(others)
    A, D, W = RS.ACCEPTED, RS.DECLINED, RS.INVITED  # noqa: N806 - accepted, declined, waiting
    # the autumn sports meeting: support and first aid, hours credited
    answers(ask(sports, K.SUPPORT, 8, "负责检录处、终点计时和饮水点，7:30到主席台签到。"), others[0:10],
            [A] * 8 + [D, D], served=True)
    answers(ask(sports, K.MEDICAL, 2, "医务点协助校医处理擦伤、中暑。"), others[10:13], [A, A, D], served=True)
    answers(ask(past_day, K.PATROL, 4, "开放日当天校门口及走廊引导家长。",
                start=past_day.starts_at - dt.timedelta(minutes=30) if past_day else None),
            others[13:18], [A, A, A, D, A], served=True)
    # to come: the winter games (the README's parent invited), the next open day's patrol, a trip's escorts
    games_support = ask(games, K.SUPPORT, 6, "协助布置场地、发放器材，家长志愿者着志愿者马甲。")
    answers(games_support, ([parent.pk] if parent else []) + others[18:24], [W, A, A, A, D, W, W])
    ask(games, K.MEDICAL, 2, "医务点值守。", open_to_all=True)
    answers(ask(open_day, K.PATROL, 6, "上午7:30至8:10校门口护学，维持接送秩序。",
                start=open_day.starts_at - dt.timedelta(minutes=40) if open_day else None),
            others[24:30], [A, A, W, W, D, A])
    answers(ask(trip, K.TRIP, 4, "每车一名家长随车，负责清点人数和沿途安全。"), others[30:35], [A, A, D, W, W])
    VolunteerResponse.objects.bulk_create(responses, batch_size=1000)
