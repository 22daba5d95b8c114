"""`python -m xinhuo care_reminders [--date YYYY-MM-DD] [--school CODE] [--kind KIND] [--dry-run]`: the daily
reminders about the care for students (mentoring pairs overdue for contact, and the kinds other parts add).

`python -m xinhuo serve` already runs them once a day; use this by hand, or from cron when the web server
runs without its worker, e.g. `35 7 * * * cd /srv/xinhuo && .venv/bin/python -m xinhuo care_reminders`.
A second run on the same day sends nothing."""

from __future__ import annotations

from xinhuo.care import reminders
from xinhuo.core.reminder_command import ReminderCommand


class Command(ReminderCommand):
    help = "Send the daily reminders about the care for students (once a day; a second run sends nothing)."
    reminders = reminders
    by_kind = True
