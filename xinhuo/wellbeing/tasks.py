"""Background jobs of psychological health."""

from django_tasks import task

from .alerts.services import alerts_escalate_due


@task()
def alerts_escalate_task() -> int:
    """Escalate the alerts nobody acknowledged in time (every few minutes: manifest.frequent_jobs)."""
    return alerts_escalate_due()


@task()
def appointment_reminders_task(day: str = "") -> dict[str, list[str]]:
    """Remind each student and counsellor of tomorrow's counselling appointments (once a day:
    manifest.daily_jobs). Safe to run more than once a day: what was sent is not sent again."""
    import datetime as dt

    from .appointments.reminders import send_all

    return send_all(dt.date.fromisoformat(day) if day else None)
