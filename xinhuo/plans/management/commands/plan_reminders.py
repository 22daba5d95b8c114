"""`python -m xinhuo plan_reminders [--date YYYY-MM-DD] [--school CODE] [--dry-run]`: warn of the work plans' overdue
tasks (each once, to its owner, its departments' heads and the committee).

`python -m xinhuo serve` already runs this once a day; use it by hand, or from cron when the web server runs
without its worker, e.g. `40 7 * * * cd /srv/xinhuo && .venv/bin/python -m xinhuo plan_reminders`.
A second run sends nothing."""

from __future__ import annotations

from xinhuo.core.reminder_command import ReminderCommand
from xinhuo.plans import reminders


class Command(ReminderCommand):
    help = "Warn of the work plans' overdue tasks (each once; a second run sends nothing)."
    reminders = reminders
    due_label = "逾期任务 {n} 项"
