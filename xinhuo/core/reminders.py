"""Daily reminders, the shared part: a reminder, its delivery once per key, and the run over every school.

Each app's reminders module collects its own (`collect(school, day)`) and sends them through `deliver`, which
writes each key down as a ReminderSent row, so running a job twice on one day — a restart, a second server, the
command typed by hand — sends nothing the second time. Keys are prefixed by the app ("care:", "plans:") so the
apps share the table without clashing. `reminder_command.ReminderCommand` is the command around them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import Membership, ReminderSent, School, User
from .services import notification_send

BODY_MAX = 2000


@dataclass
class Reminder:
    kind: str
    key: str
    title: str
    lines: list[str]
    link: str = ""
    recipients: list[User] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The items, one a line; cut with a count of the rest when the notice would be too long."""
        out: list[str] = []
        for n, line in enumerate(self.lines):
            rest = len(self.lines) - n
            more = ngettext("… and %(n)d more", "… and %(n)d more", rest) % {"n": rest}
            if len("\n".join([*out, line])) + len(more) + 1 > BODY_MAX:
                out.append(more)
                break
            out.append(line)
        return "\n".join(out)


def link(name: str) -> str:
    """The URL of a page by name, or "" when its app is not installed (the notice then goes without a link)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def members(school: School, users) -> list[User]:
    """Those of `users` with an active account in the school, in the given order."""
    users = [u for u in users if u is not None and u.is_active]
    ok = set(Membership.objects.filter(school=school, user__in=users).values_list("user_id", flat=True))
    return [u for u in users if u.pk in ok]


def pending(school: School, reminders: list[Reminder]) -> list[Reminder]:
    """Those of `reminders` that `deliver` would send now: not sent before, with a recipient still in the school
    (what a dry run lists: the worker may have sent the rest already)."""
    done = set(ReminderSent.objects.filter(school=school, key__in=[r.key[:100] for r in reminders])
               .values_list("key", flat=True))
    return [r for r in reminders if r.key[:100] not in done and members(school, r.recipients)]


def deliver(school: School, today: dt.date, reminders: list[Reminder]) -> list[Reminder]:
    """Send each reminder whose key was not sent before to its recipients still in the school; returns those sent
    now."""
    sent: list[Reminder] = []
    done = set(ReminderSent.objects.filter(school=school, key__in=[r.key[:100] for r in reminders])
               .values_list("key", flat=True))
    for r in reminders:
        recipients = members(school, r.recipients)
        if r.key[:100] in done or not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(school=school, key=r.key[:100], sent_on=today)
                notification_send(actor=None, school=school, recipients=recipients, title=r.title[:100],
                                  body=r.body, link=r.link, check_permission=False)
        except IntegrityError:  # another run sent it a moment ago
            continue
        r.recipients = recipients
        sent.append(r)
    return sent


def send_due(school: School, today: dt.date | None, collect: Callable[..., list[Reminder]], *args) -> list[Reminder]:
    """Collect an app's reminders of the day in the site's language (they are read later, by people who may
    not share the caller's) and deliver those not sent yet; returns those sent now."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return deliver(school, today, collect(school, today, *args))


def send_all(send: Callable[[School, dt.date | None], list[Reminder]], today: dt.date | None = None,
             schools=None) -> dict[str, list[str]]:
    """Every school's reminders by an app's `send(school, today)`; {school code: [keys sent]}."""
    result: dict[str, list[str]] = {}
    for school in (schools if schools is not None else School.objects.order_by("pk")):
        result[school.code] = [r.key for r in send(school, today)]
    return result
