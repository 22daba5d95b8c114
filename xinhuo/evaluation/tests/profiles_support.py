"""A hand-built school for the profiles part's tests, with counts known by construction.

初一1班 (class_a): x, y, a1..a6; 初一2班 (class_b): z, b1..b9; 初二1班 (class_c): c1..c6. Tags in effect:
- 留守儿童 (left_behind): x, y, a1..a4 (class_a, 6), z, b1..b4 (class_b, 5): 11, a4 identified in October;
- 贫困 (low_income): b5..b9 (class_b, 5), c1..c5 (class_c, 5): 10;
- 残疾 (disability): b1: 1;
- 学业困难 (learning_difficulty) from screening: c6, seen by the counsellor only;
- 行为偏差 (behaviour_concern): a5, identified in September, closed on 10 October: not in effect;
- the other school's student: 留守儿童 (never counted here).
Support in the year for x, y, a1, a2, a3 (and a4 before the year began); mentors for x and y; home visits in the
year for x, y, a1..a4; an activity entry on the growth record of x, y, a1, a2, a3; screenings: x, y, a1, a2, a3 at
no concern."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from conftest import make_student
from xinhuo.care.groups.services import special_groups_for
from xinhuo.care.models import (
    GrowthEntry,
    HomeVisit,
    Mentor,
    MentoringPair,
    StudentTag,
    SupportMeasure,
    TagStatusChange,
)
from xinhuo.core.models import Grade, SchoolClass

SEPT = dt.date(2026, 9, 10)
ON = dt.date(2026, 11, 20)  # the day the selector tests count on
FAR = dt.date(2099, 1, 1)  # review dates far ahead: the tags stay in effect whatever day the suite runs


@dataclass
class Hand:
    world: object
    class_c: SchoolClass
    a: list
    b: list
    c: list
    groups: dict


def tag(school, student, group, identified_on=SEPT, source="head_teacher", status="identified"):
    t = StudentTag.objects.create(school=school, student=student, group=group, source=source,
                                  identified_on=identified_on, review_on=FAR, status=status)
    TagStatusChange.objects.create(tag=t, from_status="", to_status="identified", review_on=FAR,
                                   at=timezone.make_aware(dt.datetime.combine(identified_on, dt.time(9))))
    return t


def build(world) -> Hand:
    w = world
    grade2 = Grade.objects.create(school=w.school, name="初二", level=8)
    class_c = SchoolClass.objects.create(school=w.school, grade=grade2, number=1, name="1班")
    seq = iter(range(100, 200))
    a = [make_student(w.school, w.class_a, f"27A{i}", f"甲{i}", seq=next(seq)) for i in range(1, 7)]
    b = [make_student(w.school, w.class_b, f"27B{i}", f"乙{i}", seq=next(seq)) for i in range(1, 10)]
    c = [make_student(w.school, class_c, f"27C{i}", f"丙{i}", seq=next(seq)) for i in range(1, 7)]
    groups = {g.code: g for g in special_groups_for(w.school)}
    lb, li = groups["left_behind"], groups["low_income"]
    for s in (w.student_x, w.student_y, a[0], a[1], a[2], w.student_z, *b[:4]):
        tag(w.school, s, lb)
    tag(w.school, a[3], lb, identified_on=dt.date(2026, 10, 15))
    for s in (*b[4:9], *c[:5]):
        tag(w.school, s, li)
    tag(w.school, b[0], groups["disability"])
    tag(w.school, c[5], groups["learning_difficulty"], source="screening")
    closed = tag(w.school, a[4], groups["behaviour_concern"], identified_on=dt.date(2026, 9, 5), status="closed")
    TagStatusChange.objects.create(tag=closed, from_status="identified", to_status="closed", review_on=FAR,
                                   at=timezone.make_aware(dt.datetime(2026, 10, 10, 9)))
    tag(w.other, w.other_student, special_groups_for(w.other).get(code="left_behind"))
    five = [w.student_x, w.student_y, a[0], a[1], a[2]]
    for s in five:
        SupportMeasure.objects.create(school=w.school, student=s, kind="material", given_on=dt.date(2026, 10, 1),
                                      provider="关工委", what="助学金")
        GrowthEntry.objects.create(school=w.school, student=s, kind="activity", on=dt.date(2026, 10, 12),
                                   title="红色研学")
    SupportMeasure.objects.create(school=w.school, student=a[3], kind="material", given_on=dt.date(2026, 8, 1),
                                  provider="关工委", what="暑期慰问")
    mentor = Mentor.objects.create(school=w.school, kind="teacher", name="孙导师")
    for s in (w.student_x, w.student_y):
        MentoringPair.objects.create(school=w.school, mentor=mentor, student=s, started_on=SEPT)
    for s in [*five, a[3]]:
        HomeVisit.objects.create(school=w.school, student=s, visited_on=dt.date(2026, 10, 20), way="home",
                                 visitors="陈老师")
    HomeVisit.objects.create(school=w.other, student=w.other_student, visited_on=dt.date(2026, 10, 20),
                             way="home", visitors="外校老师")
    return Hand(world=w, class_c=class_c, a=a, b=b, c=c, groups=groups)


def screen(world, students, risk: int = 0) -> None:
    from xinhuo.wellbeing.models import Campaign, CampaignStatus, Response

    now = timezone.now()
    campaign = Campaign.objects.create(school=world.school, title="秋季心理普查", status=CampaignStatus.PUBLISHED,
                                       opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(days=1))
    for s in students:
        Response.objects.create(school=world.school, campaign=campaign, student=s, risk=risk,
                                submitted_at=now - dt.timedelta(days=2))
