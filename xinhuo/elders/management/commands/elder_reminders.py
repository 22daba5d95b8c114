"""`python -m xinhuo elder_reminders [--date YYYY-MM-DD] [--school CODE] [--dry-run]`: the committee's daily
reminders (birthdays, health checks, care visits, open inspection reports, overdue apprenticeship pairs).

`python -m xinhuo serve` already runs them once a day; use this by hand, or from cron when the web server
runs without its worker, e.g. `30 7 * * * cd /srv/xinhuo && .venv/bin/python -m xinhuo elder_reminders`.
A second run on the same day sends nothing."""

from __future__ import annotations

from xinhuo.core.reminder_command import ReminderCommand
from xinhuo.elders import reminders


class Command(ReminderCommand):
    help = "Send the committee's daily reminders about the elders (once a day; a second run sends nothing)."
    reminders = reminders
