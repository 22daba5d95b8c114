"""A small school with known answers for every default formula (rows written directly: the owning apps' services
are tested there). The period is the 60 days before yesterday, so "on time" is judged on a past day whatever the
date the suite runs on. The other school gets the same kinds of rows, which must never count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from xinhuo.activities.models import Activity, SignUp
from xinhuo.care.models import (
    HomeVisit,
    Mentor,
    MentoringContact,
    MentoringPair,
    SpecialGroup,
    StudentTag,
    SupportMeasure,
)
from xinhuo.community.partners.models import JointMeeting, Partner
from xinhuo.finance.claims.models import ExpenseClaim
from xinhuo.finance.tests.finance_support import make_budget
from xinhuo.governance.models import Rectification
from xinhuo.governance.tests.test_supervision_support import make_inspection, make_item
from xinhuo.plans.models import PlanSection, PlanTask, WorkPlan
from xinhuo.wellbeing.models import Alert, Campaign, Response


def today() -> dt.date:
    return timezone.localdate()


def period() -> tuple[dt.date, dt.date]:
    return today() - dt.timedelta(days=60), today() - dt.timedelta(days=1)


def at(days_ago: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago)


def day(days_ago: int) -> dt.date:
    return today() - dt.timedelta(days=days_ago)


def plans(w) -> None:
    """Due in the period: one done, one in progress, one dropped (left out); one done due later; a draft plan's and
    another school's done tasks. Known: 1 of 2 = 50%."""
    for school, status in ((w.school, "adopted"), (w.school, "draft"), (w.other, "adopted")):
        plan = WorkPlan.objects.create(school=school, title=f"工作计划{status}", year=today().year, status=status)
        section = PlanSection.objects.create(plan=plan, title="一、组织建设")
        if school == w.school and status == "adopted":
            for title, st, d in (("例会", "done", 10), ("培训", "in_progress", 5), ("取消", "dropped", 3),
                                 ("下学期", "done", -10)):
                PlanTask.objects.create(plan=plan, section=section, title=title, status=st, deadline=day(d))
        else:
            PlanTask.objects.create(plan=plan, section=section, title="其他", status="done", deadline=day(10))


def activity(school, user, title: str, status: str, days_ago: int, kind: str = "lecture") -> Activity:
    return Activity.objects.create(school=school, title=title, kind=kind, starts_at=at(days_ago),
                                   ends_at=at(days_ago) + dt.timedelta(hours=2), organiser=user, status=status)


def activities(w) -> dict:
    """In the period: summarised A (a lecture), approved B (a drill), rejected C and applied D (left out); another
    school's summarised one. Held vs planned: 1 of 2. Attendance (checked in): student x at A and B, student y signed
    up at A but absent, parent x at A, the elder at A (2.5 h) and B (1.5 h). Known: students 1 of 3, parents 1 of 1,
    elders 1 of 1 and 4.0 h, teachers 0 of 1."""
    d = w.users["director"]
    a = activity(w.school, d, "法治讲座", "summarised", 20)
    b = activity(w.school, d, "消防演练", "approved", 10, kind="drill")
    activity(w.school, d, "被驳回", "rejected", 10)
    activity(w.school, d, "待审批", "applied", 10)
    other = activity(w.other, w.users["outsider"], "外校活动", "summarised", 10)
    now = timezone.now()
    for act, kind, extra, came in (
        (a, "student", {"student": w.student_x}, True), (b, "student", {"student": w.student_x}, True),
        (a, "student", {"student": w.student_y}, False), (a, "parent", {"user": w.users["parent_x"]}, True),
        (a, "elder", {"elder": w.elder, "user": w.users["elder"], "hours": Decimal("2.5")}, True),
        (b, "elder", {"elder": w.elder, "user": w.users["elder"], "hours": Decimal("1.5")}, True),
        (other, "student", {"student": w.other_student}, True),
    ):
        SignUp.objects.create(activity=act, kind=kind, status="signed_up", checked_in_at=now if came else None,
                              **extra)
    return {"a": a, "b": b, "other": other}


def care(w) -> None:
    """Open tags of x (supported, visited 10 days before the period's end: on time) and y (supported, last visited 40
    days before: late); z's tag is closed. Known: 1 of 2. Pairs: x contacted 5 days ago (every 14 days: on time),
    y 30 days ago (late); an ended pair left out. Known: 1 of 2."""
    group = SpecialGroup.objects.create(school=w.school, code="left_behind", name="留守儿童", visit_every_days=30)
    for student, status in ((w.student_x, "supported"), (w.student_y, "identified"), (w.student_z, "closed")):
        StudentTag.objects.create(school=w.school, student=student, group=group, source="head_teacher",
                                  identified_on=day(100), review_on=day(-100), status=status)
        SupportMeasure.objects.create(school=w.school, student=student, kind="material", given_on=day(20),
                                      provider="关工委")
    HomeVisit.objects.create(school=w.school, student=w.student_x, visited_on=day(11), way="home", visitors="陈老师")
    HomeVisit.objects.create(school=w.school, student=w.student_y, visited_on=day(41), way="home", visitors="陈老师")
    mentor = Mentor.objects.create(school=w.school, kind="teacher", staff=w.staff_a, name="陈老师")
    for student, contact, ended in ((w.student_x, 5, None), (w.student_y, 30, None), (w.student_z, 2, day(40))):
        pair = MentoringPair.objects.create(school=w.school, mentor=mentor, student=student, started_on=day(50),
                                            ended_on=ended, contact_every_days=14)
        MentoringContact.objects.create(pair=pair, contacted_on=day(contact), way="in_person")


def wellbeing(w) -> None:
    """Screening: x submitted in the period, y started but did not submit. Known: 1 of 3. Alerts in the period: one
    acknowledged before its escalation time, one still open. Known: 1 of 2."""
    campaign = Campaign.objects.create(school=w.school, title="秋季心理普查", opens_at=at(30), closes_at=at(20),
                                       status="published")
    Response.objects.create(school=w.school, campaign=campaign, student=w.student_x, submitted_at=at(25))
    Response.objects.create(school=w.school, campaign=campaign, student=w.student_y)
    Alert.objects.create(school=w.school, student=w.student_x, raised_at=at(25), escalate_at=at(24),
                         acknowledged_at=at(25) + dt.timedelta(hours=1), status="acknowledged")
    Alert.objects.create(school=w.school, student=w.student_y, raised_at=at(15), escalate_at=at(14))


def community(w) -> None:
    """Partners active: two in co-operation, one ended; a joint meeting in the period with the first. Known: 1 of 2."""
    p1 = Partner.objects.create(school=w.school, kind="community", name="幸福社区")
    Partner.objects.create(school=w.school, kind="community", name="青年志愿者协会")
    Partner.objects.create(school=w.school, kind="community", name="旧合作单位", status="ended")
    meeting = JointMeeting.objects.create(school=w.school, held_on=day(10), topics="共建计划")
    meeting.partners.add(p1)


def funds(w) -> None:
    """The approved budget (¥60,000; 慰问 and 资助 earmarked): ¥6,000 paid on 活动, ¥9,000 paid on 慰问 (¥8,000,
    overspent). Known: execution 15,000 / 60,000 = 25%; earmarks respected 1 of 2."""
    budget = make_budget(w)
    for line, amount in ((budget.activity, "6000"), (budget.care, "9000")):
        ExpenseClaim.objects.create(school=w.school, claimant=w.users["head_teacher_a"], title="报销", kind="other",
                                    amount=Decimal(amount), spent_on=day(10), line=line, status="paid")


def rectifications(w) -> None:
    """Due in the period: one closed, one open; one due later. Known: 1 of 2."""
    inspection = make_inspection(w)
    for status, due in (("closed", 10), ("open", 5), ("closed", -10)):
        item = make_item(w, inspection)
        Rectification.objects.filter(pk=item.pk).update(status=status, due_on=day(due))


def small_school(w) -> None:
    plans(w)
    activities(w)
    care(w)
    wellbeing(w)
    community(w)
    funds(w)
    rectifications(w)
