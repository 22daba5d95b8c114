"""The birthdays kind of the care reminders (emotional support): each head teacher hears, once a day, of the
birthdays in the next three days of their classes' students in a special group or with a mentoring pair."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.care import reminders
from xinhuo.core.models import Notification

from .test_groups_services import born, open_tag

TODAY = timezone.localdate


def test_head_teachers_hear_of_their_classes_birthdays_once_a_day(world):
    today = TODAY()
    born(world.student_x, today)
    born(world.student_y, today + dt.timedelta(days=2))
    born(world.student_z, today + dt.timedelta(days=1))
    open_tag(world, world.student_x)
    open_tag(world, world.student_y)
    # student_z (class_b) is in no group and has no mentor: head_teacher_b hears nothing
    sent = reminders.send(world.school, today, kinds=["birthdays"])
    assert [r.key for r in sent] == [f"care:birthdays:{world.users['head_teacher_a'].pk}:{today.isoformat()}"]
    note = Notification.objects.get(recipient=world.users["head_teacher_a"])
    assert note.title == "2 位学生近日过生日：送上祝福"
    assert note.body.splitlines() == ["张小明（初一1班）· 今天生日，满 13 岁",
                                      f"李小红（初一1班）· {(today + dt.timedelta(days=2)):%m-%d}生日，满 13 岁"]
    assert note.link == "/care/support/reminders/"
    assert not Notification.objects.filter(recipient=world.users["head_teacher_b"]).exists()
    assert reminders.send(world.school, today, kinds=["birthdays"]) == []  # the second run sends nothing
    assert Notification.objects.count() == 1


def test_no_birthday_no_notice(world):
    today = TODAY()
    born(world.student_x, today + dt.timedelta(days=3))  # outside the three days
    open_tag(world, world.student_x)
    assert reminders.collect(world.school, today, kinds=["birthdays"]) == []
