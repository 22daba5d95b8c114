"""Daily job of the meetings part (`python -m xinhuo serve` queues it once a day; safe to run twice)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def meeting_daily_task(day: str = "") -> dict[str, list[str]]:
    """Plan each active series' next meeting when none is to come, and remind owners of overdue action items (ISO
    date, default today); {school code: [reminder keys sent]}."""
    from xinhuo.core.models import School

    from .reminders import send_all
    from .services import series_run

    today = dt.date.fromisoformat(day) if day else None
    for school in School.objects.order_by("pk"):
        series_run(school, today)
    return send_all(today)
