"""Daily job of the supervision part (`python -m xinhuo serve` queues it once a day; safe to run twice)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def supervision_reminders_task(day: str = "") -> dict[str, list[int]]:
    """Warn the owners and the director of overdue rectification items (ISO date, default today), at most once a
    day per item; {school code: [item ids warned]}."""
    from .reminders import send_all

    return send_all(dt.date.fromisoformat(day) if day else None)
