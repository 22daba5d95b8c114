"""Builders for the mentoring tests: mentors of each kind and pairs."""

from __future__ import annotations

import datetime as dt

from xinhuo.care.models import Mentor, MentoringContact, MentoringPair, MentorKind
from xinhuo.core.tests.helpers import days
from xinhuo.elders.models import Availability, Elder
from xinhuo.people.models import Staff, Student


def elder_mentor(world, elder=None, *, specialties=(), max_mentees=3, active=True, **elder_kw) -> Mentor:
    if elder is None and elder_kw:
        elder = Elder.objects.create(school=world.school, gender="M", category=Elder.Category.TEACHER, **elder_kw)
    elder = elder or world.elder
    return Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=elder, name=elder.name,
                                 specialties=list(specialties), max_mentees=max_mentees, active=active)


def teacher_mentor(world, staff=None, *, specialties=(), max_mentees=3, name="陈老师", no="T0100") -> Mentor:
    staff = staff or Staff.objects.create(school=world.school, staff_no=no, name=name, gender="F")
    return Mentor.objects.create(school=world.school, kind=MentorKind.TEACHER, staff=staff, name=staff.name,
                                 specialties=list(specialties), max_mentees=max_mentees)


def peer_mentor(world, student: Student, *, specialties=("tutoring",), max_mentees=2) -> Mentor:
    return Mentor.objects.create(school=world.school, kind=MentorKind.PEER, peer=student, name=student.name,
                                 specialties=list(specialties), max_mentees=max_mentees)


def volunteer(world, name="王志愿", *, specialties=(), max_mentees=3, phone="13600001111", active=True) -> Mentor:
    return Mentor.objects.create(school=world.school, kind=MentorKind.VOLUNTEER, name=name, phone=phone,
                                 specialties=list(specialties), max_mentees=max_mentees, active=active)


def slot(elder, weekday: int, start=dt.time(14), end=dt.time(16)):
    return Availability.objects.create(elder=elder, weekday=weekday, start=start, end=end)


def pair(world, mentor: Mentor, student: Student, *, needs=("academic",), started=-30, every=14, ended=False,
         last=None) -> MentoringPair:
    p = MentoringPair.objects.create(school=mentor.school, mentor=mentor, student=student, needs=list(needs),
                                     contact_every_days=every, started_on=days(started),
                                     ended_on=days(-1) if ended else None)
    if last is not None:
        MentoringContact.objects.create(pair=p, contacted_on=days(last), way="phone", topic="谈心")
    return p
