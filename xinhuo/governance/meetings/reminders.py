"""Overdue action items (GOV-1): each owner is reminded once a day of their open items past due, in one notice.

Delivered by core.reminders.deliver, keyed "meetings:overdue:<user>:<day>": a second run the same day (a restart, a
second server) sends nothing again; `reminded_on` keeps the last day an item was in a reminder."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School
from xinhuo.core.reminders import Reminder

from . import selectors
from .models import ActionItem

PREFIX = "meetings:"


def collect(school: School, today: dt.date) -> list[Reminder]:
    by_owner: dict = defaultdict(list)
    for item in selectors.overdue_items(school, today).exclude(owner=None).order_by("due_on", "pk"):
        by_owner[item.owner].append(item)
    link = reverse("governance:meeting-actions")
    out = []
    for owner, items in sorted(by_owner.items(), key=lambda kv: kv[0].pk):
        lines = [_("%(title)s (due %(due)s, %(meeting)s)") % {"title": i.title, "due": i.due_on.isoformat(),
                                                              "meeting": i.meeting.title} for i in items]
        title = ngettext("%(n)d action item is overdue", "%(n)d action items are overdue", len(items)) % {
            "n": len(items)}
        r = Reminder("overdue", f"{PREFIX}overdue:{owner.pk}:{today.isoformat()}", title, lines, link, [owner])
        r.items = [i.pk for i in items]  # type: ignore[attr-defined]
        out.append(r)
    return out


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    today = today or timezone.localdate()
    sent = core_reminders.send_due(school, today, collect)
    ids = [pk for r in sent for pk in getattr(r, "items", [])]
    if ids:
        ActionItem.objects.filter(pk__in=ids).update(reminded_on=today)
    return sent


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    return core_reminders.send_all(send, today, schools)
