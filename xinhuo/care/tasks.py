"""Background work of the care app: the daily reminders (`python -m xinhuo serve` enqueues the job once a day;
its worker runs it)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def care_reminders_task(day: str = "") -> dict[str, list[str]]:
    """Send every school's care reminders of the day (ISO date, default today); {school code: [keys sent]}.
    Safe to run more than once a day: what was sent is not sent again."""
    from .reminders import send_all

    return send_all(dt.date.fromisoformat(day) if day else None)


@task()
def visit_due_task(day: str = "") -> dict[str, int]:
    """Recompute every school's stored home-visit due dates (care.VisitDue) as of the day (ISO date, default
    today): a safety net behind the writes that keep them; cheap and idempotent. {school id: rows kept}."""
    from .visits.due import refresh_all

    done = refresh_all(dt.date.fromisoformat(day) if day else None)
    return {str(pk): n for pk, n in done.items()}
