"""The privacy app's daily job (serve queues it; safe to run twice a day)."""

from django_tasks import task


@task()
def retention_task() -> dict:
    """Erase left students past XINHUO_RETENTION_YEARS (held ones aside) and purge the access log past
    XINHUO_ACCESS_LOG_YEARS."""
    from .services import retention_run

    return retention_run()
