"""Small tools shared by the activities' behaviour tests (test_signups, test_calendar, test_activity_*)."""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import get_messages
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import make_student, make_user
from xinhuo.activities.calendar import off_day_reason
from xinhuo.core.models import Role
from xinhuo.people.models import Student


def msg(msgid: str, **values) -> str:
    """A service's message as the current language says it (Chinese by default, English where not translated)."""
    text = gettext(msgid)
    return text % values if values else text


def shown(response, msgid: str, **values) -> bool:
    """The page holds the message (HTML-escaped as the template prints it)."""
    return escape(msg(msgid, **values)) in response.content.decode()


def flashed(response) -> list[str]:
    """The messages a view queued (django.contrib.messages) for the next page."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def working_day(after: int = 0) -> dt.date:
    """The first working day from today + `after` days (CI may run on a weekend or a holiday)."""
    day = timezone.localdate() + dt.timedelta(days=after)
    while off_day_reason(day):
        day += dt.timedelta(days=1)
    return day


def on(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def student_with_account(world, school_class, no: str, name: str, seq: int, username: str) -> Student:
    """A further student of the world's school, with a student account (the world has accounts for x and y only)."""
    student = make_student(world.school, school_class, no, name, seq=seq)
    user = make_user(username, world.school, Role.STUDENT)
    Student.objects.filter(pk=student.pk).update(user=user)
    world.users[username] = user
    student.refresh_from_db()
    return student


def z_account(world) -> Student:
    """student_z (class 2) with an account, as persona "student_z"."""
    user = make_user("student_z", world.school, Role.STUDENT)
    Student.objects.filter(pk=world.student_z.pk).update(user=user)
    world.users["student_z"] = user
    world.student_z.refresh_from_db()
    return world.student_z
