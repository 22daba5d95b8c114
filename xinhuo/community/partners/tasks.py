"""Daily job of the partners part (`python -m xinhuo serve` queues it once a day; safe to run twice)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def agreement_reminders_task(day: str = "") -> dict[str, list[str]]:
    """Tell the committee of agreements ending within 30 days and of those expired (ISO date, default today);
    {school code: [keys sent]}. Each agreement is warned once of each."""
    from .reminders import send_all

    return send_all(dt.date.fromisoformat(day) if day else None)
