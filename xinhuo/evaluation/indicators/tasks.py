"""Daily job of the indicators part (`python -m xinhuo serve` queues it once a day; safe to run twice)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def indicator_snapshots_task(day: str = "") -> dict[str, list[str]]:
    """Fix the figures of every period that has ended without a snapshot (ISO date, default today); {school code:
    ["year:period", ...]} taken."""
    from .services import snapshots_take_due

    return snapshots_take_due(dt.date.fromisoformat(day) if day else None)
