"""Background work of parent volunteers: the daily reminders (`python -m xinhuo serve` enqueues the job once a day;
its worker runs it)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def volunteer_reminders_task(day: str = "") -> dict[str, list[str]]:
    """Send every school's volunteer reminders of the day (ISO date, default today); {school code: [keys sent]}.
    Safe to run more than once a day: what was sent is not sent again."""
    from .reminders import send_all

    return send_all(dt.date.fromisoformat(day) if day else None)
