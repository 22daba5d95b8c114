"""The daily notice of records falling due (GOV-2): the director is told once when records pass their retention
date, in one notice listing how many wait for appraisal, with a link to the list.

Each retention date that has passed is a key "archives:due:<date>" (core.reminders keeps the keys sent): a day
on which new records fall due brings a new key and so one notice; a second run the same day, or a day with no
new date past, sends nothing. A record extended to a later date that passes again is told again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import ReminderSent, Role, School
from xinhuo.core.reminders import Reminder
from xinhuo.core.services import recipients_for_roles

from .selectors import due_records

PREFIX = "archives:due:"


def _due_dates(school: School, today: dt.date) -> list[dt.date]:
    return sorted({d for d in due_records(school.pk, today).values_list("keep_until", flat=True) if d is not None})


def collect(school: School, today: dt.date) -> list[Reminder]:
    dates = _due_dates(school, today)
    if not dates:
        return []
    keys = [f"{PREFIX}{d.isoformat()}" for d in dates]
    sent = set(ReminderSent.objects.filter(school=school, key__in=keys).values_list("key", flat=True))
    new = [k for k in keys if k not in sent]
    if not new:
        return []
    count = due_records(school.pk, today).count()
    title = ngettext("%(n)d archive record is past its retention date",
                     "%(n)d archive records are past their retention date", count) % {"n": count}
    lines = [_("Confirm each one's destruction with a note, or keep it longer. Nothing is destroyed without "
               "your confirmation.")]
    director = recipients_for_roles(school, [Role.DIRECTOR])
    # one notice under the newest date's key; the other new dates are marked sent with it (send, below)
    return [Reminder("due", new[-1], title, lines, core_reminders.link("governance:archives-due"), director)]


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    today = today or timezone.localdate()
    sent = core_reminders.send_due(school, today, collect)
    if sent:
        keys = [f"{PREFIX}{d.isoformat()}" for d in _due_dates(school, today)]
        have = set(ReminderSent.objects.filter(school=school, key__in=keys).values_list("key", flat=True))
        ReminderSent.objects.bulk_create([ReminderSent(school=school, key=k, sent_on=today)
                                          for k in keys if k not in have], ignore_conflicts=True)
    return sent


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    return core_reminders.send_all(send, today, schools)
