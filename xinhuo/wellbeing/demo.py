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

from django.utils import timezone

from xinhuo.core.models import Grade, Role, User
from xinhuo.people.consent import students_with_consent
from xinhuo.people.models import Consent, Student

from .alerts.services import escalation_time
from .models import (
    Alert,
    AlertStatus,
    Campaign,
    CampaignScale,
    CampaignStatus,
    Response,
    Scale,
    ScaleResult,
    WellbeingSettings,
)
from .scales import ScaleSpec, score

GRADES = ("初一", "初二")
# (share, lowest total, highest total) of the PHQ-A totals: minimal, mild, moderate, moderately severe, severe
PHQ_SPREAD = ((0.62, 0, 4), (0.27, 5, 9), (0.08, 10, 14), (0.02, 15, 19), (0.01, 20, 24))
ALERT_NOTE = ("当天与学生面谈，学生表示近期因考试压力大有过消极念头，无具体计划；"
              "已与班主任和家长沟通，建立三方跟进，每周回访。")


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


def build(ctx) -> None:
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
    alerted = rng.sample(answering, min(2, len(answering)))
    specs: dict[Scale, ScaleSpec] = {phqa: phqa.spec(), gad7: gad7.spec()}

    responses, given_by = [], []
    for student_id in answering:
        alert = alerted.index(student_id) + 1 if student_id in alerted else 0
        phq = _phq_total(rng) if not alert else rng.randint(9, 12) if alert == 1 else rng.randint(15, 18)
        answers = {phqa: _phqa_answers(rng, phq, alert),
                   gad7: _spread(rng, list(range(1, 8)), _gad_total(rng, phq))}
        start = max(opens_at, ready.get(student_id, opens_at))
        seconds = max(int((closes_at - start).total_seconds()) - 3600, 60)
        started_at = start + dt.timedelta(seconds=rng.randrange(seconds))
        results = {s: score(specs[s], given) for s, given in answers.items()}
        responses.append(Response(
            school=school, campaign=campaign, student_id=student_id,
            answers={str(s.pk): {str(n): v for n, v in given.items()} for s, given in answers.items()},
            started_at=started_at, submitted_at=started_at + dt.timedelta(minutes=rng.randint(4, 15)),
            risk=int(max(r.risk for r in results.values()))))
        given_by.append(results)
    Response.objects.bulk_create(responses, batch_size=500)
    ScaleResult.objects.bulk_create([
        ScaleResult(response=response, scale=s, total=r.total, band=r.band.label if r.band else "", risk=int(r.risk),
                    subscales=r.subscales)
        for response, results in zip(responses, given_by, strict=True) for s, r in results.items()], batch_size=1000)

    options = WellbeingSettings.objects.get(school=school)
    for n, response in enumerate(r for r in responses if r.student_id in alerted):
        results = given_by[responses.index(response)]
        items = [f"{specs[s].code.upper()} {number}" for s, r in results.items() for number in r.alert_items]
        raised = response.submitted_at or closes_at  # always set above
        escalate_at = escalation_time(raised, options.escalate_after_minutes, options.school_day_starts,
                                      options.school_day_ends)
        if n == 0 and counsellor is not None:  # taken on within minutes
            Alert.objects.create(
                school=school, student_id=response.student_id, response=response, items=items, raised_at=raised,
                escalate_at=escalate_at, status=AlertStatus.ACKNOWLEDGED, acknowledged_by=counsellor,
                acknowledged_at=raised + dt.timedelta(minutes=12), note=ALERT_NOTE)
        else:  # nobody acknowledged it in time: escalated to the director, still open
            Alert.objects.create(school=school, student_id=response.student_id, response=response, items=items,
                                 raised_at=raised, escalate_at=escalate_at, escalated_at=escalate_at)
