"""Background work of the exchange part: the daily reminders of documents to handle."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def exchange_reminders_task(day: str = "") -> dict[str, list[str]]:
    """Remind the owners of documents due in three days or overdue (ISO date, default today); safe to run twice a
    day: each reminder is sent once."""
    from .reminders import send_all

    return send_all(dt.date.fromisoformat(day) if day else None)
