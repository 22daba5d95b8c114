"""Background jobs of psychological health."""

from django_tasks import task

from .alerts.services import alerts_escalate_due


@task()
def alerts_escalate_task() -> int:
    """Escalate the alerts nobody acknowledged in time (every few minutes: manifest.frequent_jobs)."""
    return alerts_escalate_due()
