"""Mentoring pairs overdue for contact (MEN-3): the overdue boundary (the due day itself is on plan), one notice
a day to each mentor with an account about their own pairs and one to the committee listing all, and a second
run on the same day — function, task or command — sending nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinhuo.care import reminders
from xinhuo.care.mentoring import selectors
from xinhuo.care.models import ContactWay, Mentor, MentoringContact, MentoringPair, MentorKind
from xinhuo.core.models import Notification, ReminderSent
from xinhuo.core.tests.helpers import days

TODAY = timezone.localdate


def pair(world, mentor, student, *, started=-30, every=14, last=None, ended=False):
    p = MentoringPair.objects.create(school=world.school, mentor=mentor, student=student, needs=["academic"],
                                     contact_every_days=every, started_on=days(started),
                                     ended_on=days(-1) if ended else None)
    if last is not None:
        MentoringContact.objects.create(pair=p, contacted_on=days(last), way=ContactWay.PHONE, topic="聊学习")
    return p


@pytest.fixture
def mentors(world):
    elder = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name="周老")
    teacher = Mentor.objects.create(school=world.school, kind=MentorKind.TEACHER, staff=world.staff_a, name="陈老师")
    volunteer = Mentor.objects.create(school=world.school, kind=MentorKind.VOLUNTEER, name="志愿者王",
                                      phone="13600000000")
    return elder, teacher, volunteer


@pytest.mark.parametrize(("last", "every", "overdue"), [
    (-14, 14, 0),  # due today: on plan
    (-15, 14, 1),  # due yesterday: one day overdue
    (0, 1, 0),
    (-2, 1, 1),
])
def test_overdue_boundary(last, every, overdue):
    start = days(-100)
    assert selectors.pair_overdue_days(start, days(last), every, TODAY()) == overdue


def test_overdue_counts_from_the_start_before_any_contact(world, mentors):
    elder, teacher, _ = mentors
    on_plan = pair(world, elder, world.student_x, started=-14, every=14)
    late = pair(world, teacher, world.student_y, started=-15, every=14)
    ended = pair(world, teacher, world.student_z, started=-60, every=14, ended=True)
    ids = selectors.overdue_pair_ids(MentoringPair.objects.all(), TODAY())
    assert late.pk in ids and on_plan.pk not in ids and ended.pk not in ids
    # a recent contact puts the late pair back on plan
    MentoringContact.objects.create(pair=late, contacted_on=days(-3), way=ContactWay.PHONE, topic="谈心")
    assert selectors.overdue_pair_ids(MentoringPair.objects.all(), TODAY()) == []


def test_reminders_to_each_mentor_and_the_committee_once_a_day(world, mentors):
    elder, teacher, volunteer = mentors
    pair(world, elder, world.student_x, last=-20)   # 6 days overdue
    pair(world, teacher, world.student_y, last=-3)  # on plan
    pair(world, volunteer, world.student_z, started=-40)  # no contact yet: 26 days overdue
    pair(world, teacher, world.other_student)  # (not possible through the service; another school's pairs below)
    MentoringPair.objects.filter(student=world.other_student).update(school=world.other)

    sent = reminders.send(world.school, TODAY())
    keys = {r.key for r in sent}
    day = TODAY().isoformat()
    assert keys == {f"care:contacts:{day}", f"care:contacts:mentor:{elder.pk}:{day}"}
    committee = next(r for r in sent if r.key == f"care:contacts:{day}")
    assert {u.username for u in committee.recipients} == {"director", "leader", "counsellor"}
    assert "周老 → 张小明" in committee.body and "志愿者王 → 王小刚" in committee.body
    assert "李小红" not in committee.body
    assert committee.body.index("王小刚") < committee.body.index("张小明")  # longest overdue first
    mine = Notification.objects.get(recipient=world.users["elder"])
    assert "张小明" in mine.body and "王小刚" not in mine.body
    assert mine.link == "/care/mentees/"
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"]).count() == 0  # 陈老师: on plan

    # the same day again: nothing more
    before = Notification.objects.count()
    assert reminders.send(world.school, TODAY()) == []
    assert Notification.objects.count() == before
    assert ReminderSent.objects.filter(school=world.school, key__startswith="care:").count() == 2
    # the next day: sent again (still overdue)
    assert {r.key for r in reminders.send(world.school, days(1))} == {
        f"care:contacts:{days(1).isoformat()}", f"care:contacts:mentor:{elder.pk}:{days(1).isoformat()}"}


def test_nothing_overdue_sends_nothing(world, mentors):
    elder, _, _ = mentors
    pair(world, elder, world.student_x, last=-1)
    assert reminders.send(world.school, TODAY()) == []
    assert not ReminderSent.objects.exists()


def test_task_and_command_send_once(world, mentors):
    from xinhuo.care.tasks import care_reminders_task
    from xinhuo.core.registry import daily_jobs

    assert "xinhuo.care.tasks.care_reminders_task" in daily_jobs()
    elder, _, _ = mentors
    pair(world, elder, world.student_x, last=-30)
    out = io.StringIO()
    call_command("care_reminders", "--dry-run", stdout=out)
    assert "care:contacts:" in out.getvalue()
    assert not ReminderSent.objects.exists()
    result = care_reminders_task.enqueue(TODAY().isoformat())
    assert result.return_value is not None and len(result.return_value["demo"]) == 2
    out = io.StringIO()
    call_command("care_reminders", "--school", "demo", stdout=out)
    assert "已发送 0 条提醒" in out.getvalue()


def test_the_command_sends_only_the_kinds_asked_for(world, mentors):
    from django.core.management.base import CommandError

    elder, _, _ = mentors
    pair(world, elder, world.student_x, last=-30)
    out = io.StringIO()
    call_command("care_reminders", "--dry-run", "--kind", "birthdays", stdout=out)
    assert "care:contacts:" not in out.getvalue()
    call_command("care_reminders", "--dry-run", "--kind", "contacts", stdout=out)
    assert "care:contacts:" in out.getvalue()
    with pytest.raises(CommandError, match="没有这类提醒：nonsense"):
        call_command("care_reminders", "--kind", "nonsense")
    assert not ReminderSent.objects.exists() and not Notification.objects.exists()


def test_kinds_registry():
    assert "contacts" in reminders.KINDS
