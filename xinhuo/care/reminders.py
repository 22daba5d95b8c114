"""Daily reminders about the care for students (MEN-3, and the emotional support of STU-3), like the elders'.

Once a day, per school, each kind in KINDS collects its notices; each part keeps its own in its reminders.py:
- "contacts" (mentoring): mentoring pairs overdue for contact against their plan: one notice to each mentor with an
  account about their own pairs, and one to the committee (director, leaders, counsellors) listing them all;
- "birthdays" (groups): birthdays of cared-for students in the next days, to their head teachers;
- "reviews" (groups): once a week, special-group tags to review within 7 days or expired, to the class's head
  teacher and to the director and the counsellors;
- "follow_ups" (visits): a follow-up item past its due date, once, to its owner (or its creator).

What was sent is written down (core.reminders.deliver) as a key prefixed "care:" (kind + day), so running the job
twice on one day — a restart, a second server, the command typed by hand — sends nothing the second time.
`python -m xinhuo serve` runs the job once a day in its task worker (care.tasks.care_reminders_task);
`python -m xinhuo care_reminders` runs it by hand or from cron.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School
from xinhuo.core.reminders import Reminder

from .groups import reminders as groups
from .mentoring import reminders as mentoring
from .visits import reminders as visits

PREFIX = "care:"
Collector = Callable[[School, dt.date], list[Reminder]]


# kind -> the function collecting its reminders for a school and a day (nothing written); in this order
KINDS: dict[str, Collector] = {
    "contacts": mentoring.contacts,
    "birthdays": groups.birthdays,
    "reviews": groups.reviews,
    "follow_ups": visits.follow_ups,
}


def collect(school: School, today: dt.date, kinds: list[str] | None = None) -> list[Reminder]:
    """Every reminder due for the school today (nothing is written); keys prefixed "care:"."""
    out: list[Reminder] = []
    for kind, fn in KINDS.items():
        if kinds is not None and kind not in kinds:
            continue
        for r in fn(school, today):
            if not r.key.startswith(PREFIX):
                r.key = PREFIX + r.key
            out.append(r)
    return out


def send(school: School, today: dt.date | None = None, kinds: list[str] | None = None) -> list[Reminder]:
    """Send the school's reminders of the day that were not sent yet; returns those sent now."""
    return core_reminders.send_due(school, today, collect, kinds)


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    """Every school's care reminders; {school code: [keys sent]}."""
    return core_reminders.send_all(send, today, schools)
