"""Daily job of the archive (`python -m xinhuo serve` queues it once a day; safe to run twice)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def archive_due_task(day: str = "") -> dict[str, list[str]]:
    """Tell the director of archive records newly past their retention date (ISO date, default today);
    {school code: [keys sent]}."""
    from .reminders import send_all

    return send_all(dt.date.fromisoformat(day) if day else None)
