"""The demo school's psychological health: the safeguarding settings (the leader is the safeguarding lead) and the
autumn screening of 初一 and 初二 with PHQ-A and GAD-7, opened in October and closed, answered by the students whose
guardians had consented, with a realistic spread (most minimal or mild, about 8% moderate, about 3% moderately
severe or severe) and two alerts: one acknowledged by the counsellor, one not acknowledged in time and escalated to
the director.

Deterministic (its own random generator) and bulk-written; every result is what scales.score() gives for the
answers written, as response_submit would have stored it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone

from xinhuo.core.access import Actor, build_actor
from xinhuo.core.demo import SIZES, school_year_bounds
from xinhuo.core.models import Grade, Membership, Role, User
from xinhuo.people.consent import conditions, requirement, students_with_consent
from xinhuo.people.models import Consent, Guardian, Student, StudentGuardian

from .alerts.services import escalation_time
from .appointments.services import ROOM, appointment_book, slots_publish
from .cases.selectors import head_teachers
from .cases.services import case_open, case_step, message_post, referral_add, task_add, task_done
from .install import ensure_standard_scales
from .models import (
    Alert,
    AlertStatus,
    Appointment,
    AppointmentStatus,
    Campaign,
    CampaignScale,
    CampaignStatus,
    Case,
    CaseMessage,
    CaseStatus,
    CaseStep,
    CaseTask,
    Party,
    Referral,
    Response,
    Scale,
    ScaleResult,
    Slot,
    TalkRequest,
    WellbeingSettings,
)
from .scales import Risk, ScaleSpec, score
from .selfhelp.demo_content import selfhelp_demo
from .selfhelp.services import talk_request

GRADES = ("初一", "初二")
# (share, lowest total, highest total) of the PHQ-A totals: minimal, mild, moderate, moderately severe, severe
PHQ_SPREAD = ((0.62, 0, 4), (0.27, 5, 9), (0.08, 10, 14), (0.02, 15, 19), (0.01, 20, 24))
ALERT_NOTE = ("当天与学生面谈，学生表示近期因考试压力大有过消极念头，无具体计划；"
              "已告知班主任，家长在外地务工，已电话联系，开启三方跟进。")


def _user(school, role: str) -> User | None:
    return User.objects.filter(memberships__school=school, memberships__role=role, is_active=True).order_by(
        "pk").first()


def _window(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """October of the school year that is running (the previous one before its screening has closed)."""
    year = today.year if today.month >= 8 else today.year - 1
    closes = dt.date(year, 10, 24)
    if closes >= today:
        closes = today - dt.timedelta(days=1)
    opens = closes - dt.timedelta(days=14)
    at = lambda day, hour: timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))  # noqa: E731
    return at(opens, 8), at(closes, 18)


def _spread(rng: random.Random, items: list[int], total: int, top: int = 3) -> dict[int, int]:
    """Answers to `items` (0..top each) adding up to `total`."""
    given = dict.fromkeys(items, 0)
    for _n in range(min(total, top * len(items))):
        number = rng.choice([n for n in items if given[n] < top])
        given[number] += 1
    return given


def _phqa_answers(rng: random.Random, total: int, alert: int = 0) -> dict[int, int]:
    """PHQ-A answers with the scored total `total`; `alert` 1: item 9 answered, 2: item 9 and item 12."""
    given = _spread(rng, list(range(1, 9)), total - alert, 3)
    given[9] = alert
    given[10] = 1 if total >= 10 or rng.random() < total / 20 else 0
    given[11] = min(3, total // 6)
    given[12] = 1 if alert == 2 else 0
    given[13] = 0
    return given


def _gad_total(rng: random.Random, phq: int) -> int:
    return max(0, min(21, round(phq * 0.75 + rng.gauss(0, 2))))


def _phq_total(rng: random.Random) -> int:
    pick, at = rng.random(), 0.0
    for share, low, high in PHQ_SPREAD:
        at += share
        if pick < at:
            return rng.randint(low, high)
    return rng.randint(0, 4)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _sitting(rng: random.Random, specs: dict[Scale, ScaleSpec], phq: int | None, alert: int = 0) -> tuple[dict, dict]:
    """One student's answers to the campaign's scales (PHQ-A total `phq`, drawn when None) and their results."""
    phq = _phq_total(rng) if phq is None else phq
    answers: dict[Scale, dict[int, int]] = {}
    for s, spec in specs.items():
        if spec.code == "phqa":
            answers[s] = _phqa_answers(rng, phq, alert)
        else:
            answers[s] = _spread(rng, list(range(1, 8)), _gad_total(rng, phq))
    return answers, {s: score(specs[s], given) for s, given in answers.items()}


Sitting = tuple[int, dt.datetime, dt.datetime | None, dict, dict]  # student, started, submitted, answers, results


def _write(school, campaign: Campaign, sittings: Sequence[Sitting]) -> list[Response]:
    """Bulk-write the responses (student, started, submitted, answers, results) and their results."""
    responses = [Response(
        school=school, campaign=campaign, student_id=student_id, started_at=started_at, submitted_at=submitted_at,
        answers={str(s.pk): {str(n): v for n, v in given.items()} for s, given in answers.items()},
        risk=int(max(r.risk for r in results.values())) if submitted_at else None)
        for student_id, started_at, submitted_at, answers, results in sittings]
    Response.objects.bulk_create(responses, batch_size=500)
    ScaleResult.objects.bulk_create([
        ScaleResult(response=response, scale=s, total=r.total, band=r.band.label if r.band else "", risk=int(r.risk),
                    subscales=r.subscales)
        for response, (_s, _a, submitted_at, _g, results) in zip(responses, sittings, strict=True)
        if submitted_at for s, r in results.items()], batch_size=1000)
    return responses


def build(ctx) -> None:
    ensure_standard_scales()
    school, today = ctx.school, ctx.today
    rng = random.Random(f"wellbeing-{school.code}")
    counsellor = _user(school, Role.COUNSELLOR)
    director = ctx.director or _user(school, Role.DIRECTOR)
    lead = _user(school, Role.LEADER) or director
    WellbeingSettings.objects.create(school=school, safeguarding_lead=lead)

    grades = list(Grade.objects.filter(school=school, name__in=GRADES).order_by("level"))
    if not grades:
        grades = list(Grade.objects.filter(school=school).order_by("level")[:2])
    if not grades:
        return
    opens_at, closes_at = _window(today)
    phqa, gad7 = Scale.objects.get(school=None, code="phqa"), Scale.objects.get(school=None, code="gad7")
    campaign = Campaign.objects.create(
        school=school, title=f"{opens_at.year}年秋季心理健康筛查", opens_at=opens_at, closes_at=closes_at,
        status=CampaignStatus.PUBLISHED, created_by=counsellor, created_at=opens_at - dt.timedelta(days=7),
        note="本次筛查用于了解同学们近两周的心情和压力，不是考试，答案没有对错。你的回答只有学校心理老师能看到。")
    CampaignScale.objects.bulk_create([CampaignScale(campaign=campaign, scale=phqa, order=0),
                                       CampaignScale(campaign=campaign, scale=gad7, order=1)])
    campaign.grades.set(grades)

    audience = Student.objects.filter(school=school, status=Student.Status.ENROLLED,
                                      school_class__grade__in=grades)
    able = list(students_with_consent(audience, "screening", on=timezone.localdate(closes_at), school=school)
                .order_by("pk").values_list("pk", flat=True))
    # a student answers once their consent counts: not before the latest consent given for the screening
    ready: dict[int, dt.datetime] = {}
    for student_id, given_at in Consent.objects.filter(school=school, purpose="screening", student__in=able,
                                                       given_at__lte=closes_at).values_list("student_id", "given_at"):
        ready[student_id] = max(ready.get(student_id, given_at), given_at)
    answering = [pk for pk in able if rng.random() < 0.93]  # a few were absent that week
    # who the story follows: the alerts' students (the first in the demo head teacher's class), a student with
    # moderately severe answers (the case in support) and one with moderate answers (the case closed since)
    classes = dict(Student.objects.filter(pk__in=answering).values_list("pk", "school_class_id"))
    own = set(Student.objects.filter(school=school, user__isnull=False).values_list("pk", flat=True))
    first = min(classes.values(), default=None)
    in_first = [pk for pk in answering if classes[pk] == first and pk not in own]
    rest = [pk for pk in answering if pk not in own]
    alerted: list[int] = []
    if in_first:
        alerted.append(rng.choice(in_first))
    alerted += rng.sample([pk for pk in rest if pk not in alerted], min(2 - len(alerted), len(rest) - len(alerted)))
    others = [pk for pk in rest if pk not in alerted]
    followed = rng.sample(others, min(2, len(others)))  # [in support, closed]
    specs: dict[Scale, ScaleSpec] = {phqa: phqa.spec(), gad7: gad7.spec()}

    sittings = []
    for student_id in answering:
        alert = alerted.index(student_id) + 1 if student_id in alerted else 0
        phq = (rng.randint(9, 12) if alert == 1 else rng.randint(15, 18) if alert == 2
               else (rng.randint(15, 17), rng.randint(11, 13))[followed.index(student_id)]
               if student_id in followed else None)
        answers, results = _sitting(rng, specs, phq, alert)
        start = max(opens_at, ready.get(student_id, opens_at))
        seconds = max(int((closes_at - start).total_seconds()) - 3600, 60)
        started_at = start + dt.timedelta(seconds=rng.randrange(seconds))
        sittings.append((student_id, started_at, started_at + dt.timedelta(minutes=rng.randint(4, 15)), answers,
                         results))
    responses = _write(school, campaign, sittings)

    options = WellbeingSettings.objects.get(school=school)
    alerts = []
    for n, student_id in enumerate(alerted):
        index = answering.index(student_id)
        response, results = responses[index], sittings[index][4]
        items = [f"{specs[s].code.upper()} {number}" for s, r in results.items() for number in r.alert_items]
        raised = response.submitted_at or closes_at  # always set above
        escalate_at = escalation_time(raised, options.escalate_after_minutes, options.school_day_starts,
                                      options.school_day_ends)
        if n == 0 and counsellor is not None:  # taken on within minutes
            alerts.append(Alert.objects.create(
                school=school, student_id=response.student_id, response=response, items=items, raised_at=raised,
                escalate_at=escalate_at, status=AlertStatus.ACKNOWLEDGED, acknowledged_by=counsellor,
                acknowledged_at=raised + dt.timedelta(minutes=12), note=ALERT_NOTE))
        else:  # nobody acknowledged it in time: escalated to the director, still open
            alerts.append(Alert.objects.create(
                school=school, student_id=response.student_id, response=response, items=items, raised_at=raised,
                escalate_at=escalate_at, escalated_at=escalate_at))
    if counsellor is None or not ctx.named:
        return
    counselling = build_actor(counsellor, school.pk)
    assert counselling is not None
    helped = _cases(ctx, counselling, alerts[0] if alerts else None, followed, closes_at)
    _appointments(ctx, counselling, helped)
    calm = [sitting[0] for sitting in sittings if sitting[0] in others and sitting[0] not in followed
            and all(r.total < 5 for r in sitting[4].values())]
    _selfhelp(ctx, counselling, calm, grades)
    if ctx.size.students >= SIZES["large"].students:
        _history(ctx, random.Random(f"wellbeing-history-{school.code}"), counsellor, specs)


# --- the follow-up cases --------------------------------------------------------------------------------------------

def _backdate(case: Case, times: list[dt.datetime]) -> None:
    """The services write `now`; the story happened over the term: its steps at `times`, in order."""
    steps = list(CaseStep.objects.filter(case=case).order_by("pk").values_list("pk", flat=True))
    for pk, at in zip(steps, times, strict=False):
        CaseStep.objects.filter(pk=pk).update(at=at)
    Case.objects.filter(pk=case.pk).update(opened_at=times[0])


def _parent_account(ctx, student_id: int) -> User | None:
    """An account for the primary guardian of a followed student, so that the family's replies are theirs."""
    link = (StudentGuardian.objects.filter(student_id=student_id).select_related("guardian")
            .order_by("-is_primary", "pk").first())
    if link is None:
        return None
    guardian = link.guardian
    if guardian.user_id:
        return guardian.user
    user = ctx.builder.user(f"{ctx.school.code[:2]}p{guardian.pk}", guardian.name, ctx.school, Role.PARENT,
                            phone=guardian.phone)
    Guardian.objects.filter(pk=guardian.pk).update(user=user)
    return user


def _cases(ctx, counselling: Actor, alert: Alert | None, followed: list[int], closes_at: dt.datetime) -> list[int]:
    """Three cases: contacting the family (from the acknowledged alert), in support with a referral, closed.
    Returns the students of the last two (who also came to counselling sessions)."""
    school, today = ctx.school, ctx.today
    day = timezone.localdate(closes_at)
    students = {s.pk: s for s in Student.objects.filter(pk__in=followed + ([alert.student_id] if alert else []))}
    if alert is not None and alert.acknowledged_at:
        start = alert.acknowledged_at + dt.timedelta(minutes=40)
        case = case_open(actor=counselling, alert=alert, risk=Risk.CRISIS, notes=CASE1_NOTES,
                         family_request=CASE1_REQUEST)
        case = case_step(actor=counselling, case=case, action="contact", comment="家长在外地务工，已电话联系。")
        task_add(actor=counselling, case=case, party=Party.HEAD_TEACHER, text=CASE1_TASK,
                 due_on=today + dt.timedelta(days=5))
        message_post(actor=counselling, case=case, text=CASE1_MESSAGE)
        _backdate(case, [start, start + dt.timedelta(hours=2)])
        CaseTask.objects.filter(case=case).update(created_at=today_start(today) - dt.timedelta(days=2))
        CaseMessage.objects.filter(case=case).update(at=today_start(today) - dt.timedelta(days=2, hours=-10))
    if len(followed) < 2:
        return followed
    supported, closed = (students[pk] for pk in followed)
    # in support: opened after the screening, referred to a hospital, the mother's reply
    opened = _at(day + dt.timedelta(days=3), 10)
    case = case_open(actor=counselling, student=supported, risk=Risk.WARNING, notes=CASE2_NOTES,
                     family_request=CASE2_REQUEST)
    case_step(actor=counselling, case=case, action="contact", comment="已电话联系学生母亲，约定面谈。")
    case = case_step(actor=counselling, case=case, action="support", comment="三方面谈后进入支持阶段。")
    consent_on = min(day + dt.timedelta(days=8), today - dt.timedelta(days=1))
    referral_add(actor=counselling, case=case, agency="市第一人民医院心理科", agency_kind=Referral.AgencyKind.HOSPITAL,
                 consent_by="学生母亲", consent_on=consent_on, referred_on=consent_on,
                 follow_up_on=today + dt.timedelta(days=10), outcome=CASE2_OUTCOME)
    done = task_add(actor=counselling, case=case, party=Party.FAMILY, text="带孩子到医院心理科就诊，按医嘱复诊。",
                    due_on=consent_on + dt.timedelta(days=7))
    task_add(actor=counselling, case=case, party=Party.HEAD_TEACHER, text=CASE2_TASK,
             due_on=today + dt.timedelta(days=7))
    parent = _parent_account(ctx, supported.pk)
    family = build_actor(parent, school.pk) if parent else None
    if family is not None:
        task_done(actor=family, task=done, note="已就诊，两周后复诊。")
        message_post(actor=family, case=case, text=CASE2_REPLY)
    message_post(actor=counselling, case=case, text=CASE2_ANSWER)
    _backdate(case, [opened, opened + dt.timedelta(hours=3), opened + dt.timedelta(days=4)])
    CaseTask.objects.filter(case=case).update(created_at=_at(consent_on, 16))
    CaseTask.objects.filter(pk=done.pk).update(done_at=_at(consent_on + dt.timedelta(days=2), 19))
    for n, pk in enumerate(CaseMessage.objects.filter(case=case).order_by("pk").values_list("pk", flat=True)):
        CaseMessage.objects.filter(pk=pk).update(at=_at(consent_on + dt.timedelta(days=2 + n), 19 + n))
    # closed: moderate answers, four weeks of support, monitored, closed with a summary
    opened = _at(day + dt.timedelta(days=4), 9)
    case = case_open(actor=counselling, student=closed, risk=Risk.ATTENTION, notes=CASE3_NOTES,
                     family_request="请家长每周和孩子至少聊一次学校里的事，少问成绩，多问感受。")
    for action in ("contact", "support", "monitor"):
        case = case_step(actor=counselling, case=case, action=action)
    task = task_add(actor=counselling, case=case, party=Party.HEAD_TEACHER, text="安排学生参加班级学习互助小组。")
    task_done(actor=counselling, task=task, note="班主任已安排，学生适应良好。")
    case = case_step(actor=counselling, case=case, action="close", summary=CASE3_SUMMARY)
    closed_at = min(opened + dt.timedelta(days=35), today_start(today) - dt.timedelta(days=1))
    times = [opened, opened + dt.timedelta(days=1), opened + dt.timedelta(days=3), opened + dt.timedelta(days=24),
             closed_at]
    _backdate(case, times)
    Case.objects.filter(pk=case.pk).update(closed_at=closed_at)
    CaseTask.objects.filter(case=case).update(created_at=times[2], done_at=times[2] + dt.timedelta(days=6))
    return followed


def today_start(today: dt.date) -> dt.datetime:
    return _at(today, 0)


# --- counselling ----------------------------------------------------------------------------------------------------

SLOT_TIMES = ((14, 30), (15, 30), (16, 30))  # 45 minutes each, Tuesday and Thursday afternoons
SESSION_NOTES = ("学生谈到睡眠有改善，仍担心期中考试；练习了呼吸放松，布置情绪记录作业。",
                 "回顾情绪记录，负面想法出现频率下降；讨论与同学相处的具体做法。",
                 "学生状态平稳，主动分享近期在社团的收获；约定两周后再谈。",
                 "复诊后情绪较前平稳，按时服药；继续认知行为练习。")


def _appointments(ctx, counselling: Actor, helped: list[int]) -> None:
    """The counsellor's slots for the coming two weeks (Tuesday and Thursday afternoons, 心理辅导室), booked by a
    student, a parent for their child and a head teacher; and past sessions held with the followed students."""
    school, today, counsellor = ctx.school, ctx.today, counselling.user
    days = [today + dt.timedelta(days=n) for n in range(1, 8) if (today + dt.timedelta(days=n)).weekday() in (1, 3)]
    slots: list[Slot] = []
    for day in days:
        for hour, minute in SLOT_TIMES:
            start = _at(day, hour, minute)
            slots += slots_publish(actor=counselling, starts_at=start, ends_at=start + dt.timedelta(minutes=45),
                                   weeks=2, place=ROOM)
    slots.sort(key=lambda s: s.starts_at)
    bookings = []
    me = Student.objects.filter(school=school, user__username="student").first()
    if me is not None and me.user is not None:
        bookings.append((me.user, me, "最近和同桌闹矛盾，心里很烦，想找老师聊聊。"))
    parent = User.objects.filter(username="parent", memberships__school=school).first()
    child = Student.objects.filter(guardian_links__guardian__user=parent).order_by("pk").first() if parent else None
    if parent is not None and child is not None:
        bookings.append((parent, child, "孩子最近不太愿意上学，晚上睡得晚，想请老师帮忙聊一聊。"))
    teacher = User.objects.filter(username="teacher", memberships__school=school).first()
    # a head teacher books for a student of their own class (in a nine-year school theirs may be a primary class)
    own = Membership.objects.filter(user=teacher, school=school, role=Role.HEAD_TEACHER).values("classes")
    live = (Case.objects.filter(school=school, alert__isnull=False, student__school_class__in=own)
            .exclude(status=CaseStatus.CLOSED).first())
    if live is not None and teacher is not None:
        bookings.append((teacher, live.student, "三方跟进中的学生，班主任转介：请心理老师面谈，了解近期情绪。"))
    for (user, student, reason), slot in zip(bookings, slots[1::2], strict=False):
        actor = build_actor(user, school.pk)
        assert actor is not None
        appointment_book(actor=actor, slot=slot, student=student, reason=reason)
    # the sessions already held (written as they were: slots are published for the future only)
    past = [today - dt.timedelta(days=n) for n in range(1, 22) if (today - dt.timedelta(days=n)).weekday() in (1, 3)]
    held = []
    students = Student.objects.in_bulk(helped)
    for n, student_id in enumerate([pk for pk in helped for _twice in range(2)]):
        if n >= len(past):
            break
        start = _at(past[n], *SLOT_TIMES[n % 2])
        slot = Slot.objects.create(school=school, counsellor=counsellor, starts_at=start,
                                   ends_at=start + dt.timedelta(minutes=45), place=ROOM)
        referring = head_teachers(students[student_id])
        held.append(Appointment(school=school, slot=slot, student_id=student_id,
                                booked_by=referring[0] if referring else counsellor,
                                booked_as=Appointment.BookedAs.HEAD_TEACHER, reason="三方跟进中的学生，每周辅导一次。",
                                status=AppointmentStatus.HELD, notes=SESSION_NOTES[n % len(SESSION_NOTES)],
                                reminded_at=start - dt.timedelta(days=1), created_at=start - dt.timedelta(days=5)))
    Appointment.objects.bulk_create(held)


# --- the self-help corner -------------------------------------------------------------------------------------------

def _selfhelp(ctx, counselling: Actor, calm: list[int], grades: list[Grade]) -> None:
    """The corner's content, two peer supporters of the upper grade with calm answers, a talk request waiting."""
    school = ctx.school
    upper = list(Student.objects.filter(pk__in=calm, school_class__grade=grades[-1]).order_by("pk")[:2])
    selfhelp_demo(school, counselling.user, upper)
    me = User.objects.filter(username="student", memberships__school=school).first()
    actor = build_actor(me, school.pk) if me else None
    if actor is not None and actor.student_id:
        talk_request(actor=actor, with_whom=TalkRequest.With.PEER,
                     message="想和学长学姐聊聊怎么安排复习，总觉得时间不够用。")
    if calm:
        TalkRequest.objects.create(
            school=school, student_id=calm[len(calm) // 2], with_whom=TalkRequest.With.HEART_MENTOR,
            message="想找一位老教师聊聊，爸妈不在身边，有些话不知道跟谁说。", status=TalkRequest.Status.ARRANGED,
            answer="已为你安排心灵导师刘老师，每周四午休在心理辅导室见面。", handled_by=counselling.user,
            created_at=today_start(ctx.today) - dt.timedelta(days=12))


# --- earlier screenings (large school only) -------------------------------------------------------------------------

def _history(ctx, rng: random.Random, counsellor: User, specs: dict[Scale, ScaleSpec]) -> None:
    """The screenings of the past two school years and this term's monthly check-ins, bulk-written: each term a
    screening (PHQ-A and GAD-7, in October or April) and a monthly 心情晴雨表 (GAD-7) in its other months, answered
    by the students of then who are here now (their grades as now) and whose consent in the register covers the
    age they had then (a guardian's alone under 14); for the past twelve months the check-in runs every two weeks
    (a second one from the 17th). About 40,000 submitted responses in the large school; the check-in running is
    open, answered so far by part of the students. None of
    these answers names an alert item (every alert of the demo is the autumn screening's)."""
    school, today = ctx.school, ctx.today
    start_year = school_year_bounds(today)[0]
    grades = list(Grade.objects.filter(school=school).order_by("level"))
    # whose consent counts is asked for the age each student had then (a guardian's alone under 14)
    cond = conditions(school, "screening", today)
    rows = (Student.objects.filter(school=school, status=Student.Status.ENROLLED)
            .annotate(guardian_ok=ExpressionWrapper(cond.guardian_ok, output_field=BooleanField()),
                      student_ok=ExpressionWrapper(cond.student_ok, output_field=BooleanField()))
            .order_by("pk").values_list("pk", "school_class__grade_id", "birth_date", "guardian_ok", "student_ok"))
    by_grade: dict[int, list[tuple[int, dt.date | None, bool, bool]]] = {}
    for pk, grade_id, born, guardian_ok, student_ok in rows:
        if guardian_ok or student_ok:
            by_grade.setdefault(grade_id, []).append((pk, born, bool(guardian_ok), bool(student_ok)))
    gad = {s: spec for s, spec in specs.items() if spec.code == "gad7"}
    plan = []  # (year, month, day, main screening)
    for year in (start_year - 2, start_year - 1, start_year):
        plan += [(year, m, 9 if m == 10 else 3, m == 10) for m in (9, 10, 11, 12)] + [(year + 1, 1, 3, False)]
        plan += [(year + 1, m, 9 if m == 4 else 3, m == 4) for m in (3, 4, 5, 6, 7)]
        # since a year ago the check-in runs every two weeks: a second one from the 17th, but not in the months
        # of a main screening nor in January and July (the holidays begin in their second half)
        plan += [(y, m, 17, False) for y, m in [(year, 9), (year, 11), (year, 12), (year + 1, 3), (year + 1, 5),
                                                (year + 1, 6)] if dt.date(y, m, 17) > today - dt.timedelta(days=365)]
    plan.sort()
    for year, month, day, main in plan:
        school_year = year if month >= 8 else year - 1
        if school_year == start_year and main and month == 10:
            continue  # this autumn's screening is the story's (build)
        opens = dt.date(year, month, day)  # the main screening after the National Day holiday (on the 9th)
        closes = opens + dt.timedelta(days=11)
        if opens >= today:
            continue
        back = start_year - school_year
        cohort = [g for g in grades if g.level - back >= grades[0].level]
        if not cohort:
            continue
        open_now = closes >= today
        opens_at, closes_at = _at(opens, 8), _at(closes, 18)
        term = "秋季" if month >= 8 or month == 1 else "春季"
        title = (f"{year}年{term}心理健康筛查" if main
                 else f"{year}年{month}月{'中旬' if day > 10 else ''}心情晴雨表")
        campaign = Campaign.objects.create(
            school=school, title=title, opens_at=opens_at, closes_at=closes_at, status=CampaignStatus.PUBLISHED,
            created_by=counsellor, created_at=opens_at - dt.timedelta(days=5),
            note="了解同学们近期的心情，不是考试，答案没有对错。你的回答只有学校心理老师能看到。")
        used = specs if main else gad
        CampaignScale.objects.bulk_create([CampaignScale(campaign=campaign, scale=s, order=n)
                                           for n, s in enumerate(used)])
        campaign.grades.set(cohort)
        until = min(closes_at, timezone.now() - dt.timedelta(hours=1)) if open_now else closes_at
        seconds = max(int((until - opens_at).total_seconds()) - 3600, 60)
        sittings = []
        for g in cohort:
            for student_id, born, guardian_ok, student_ok in by_grade.get(g.pk, []):
                needs = requirement(born, opens)
                if (needs.guardian and not guardian_ok) or (needs.student and not student_ok):
                    continue
                if rng.random() >= (0.7 if open_now else 0.93):
                    continue
                answers, results = _sitting(rng, used, None)
                started_at = opens_at + dt.timedelta(seconds=rng.randrange(seconds))
                sittings.append((student_id, started_at, started_at + dt.timedelta(minutes=rng.randint(3, 12)),
                                 answers, results))
        _write(school, campaign, sittings)


# --- the words of the story -----------------------------------------------------------------------------------------

CASE1_NOTES = ("筛查PHQ-A第9题有作答，当天面谈：近期因考试和父母不在身边感到孤单，偶有消极念头，无具体计划和行为。"
               "已做安全评估，约定每周面谈；父母在外地务工，由奶奶照顾。")
CASE1_REQUEST = "请家长本月返校与班主任、心理老师面谈一次；平时每周至少和孩子视频通话两次，多听孩子说，少问成绩。"
CASE1_TASK = "每周与学生谈心一次，留意课堂情绪和同伴关系，有异常及时告知心理老师。"
CASE1_MESSAGE = "您好，我是学校心理老师。想和您约一个时间，与班主任一起当面聊聊孩子最近的情况，请回复方便的日期。"
CASE2_NOTES = ("筛查PHQ-A中重度，GAD-7偏高。面谈：入睡困难一个多月，兴趣减退，成绩下滑。"
               "与家长沟通后同意转介医院心理科评估；每周二在校辅导一次。")
CASE2_REQUEST = "请家长按医嘱带孩子复诊，留意孩子的睡眠和饮食，有变化及时告诉心理老师。"
CASE2_TASK = "作业量适当放宽两周；安排一位同学课间多陪伴，留意学生午休和课间情况。"
CASE2_OUTCOME = "医院心理科评估为抑郁情绪，门诊随访，建议学校继续心理辅导，两周后复诊。"
CASE2_REPLY = "谢谢老师。周三已经带孩子去医院看过了，医生说要按时复诊，孩子这几天睡得好一些了，我们会配合学校。"
CASE2_ANSWER = "谢谢您的反馈。下周二下午的辅导照常进行，复诊后请告诉我们医生的建议。"
CASE3_NOTES = ("筛查PHQ-A中度。面谈：与新同学相处不顺、学习跟不上，情绪低落；无安全风险。"
               "进行四次辅导，联系班主任安排学习互助。")
CASE3_SUMMARY = ("四周辅导后，学生情绪明显好转，已融入学习互助小组，期中成绩回升；家长每周与孩子沟通。"
                 "随访两周状态稳定，结案。下学期筛查时留意。")
