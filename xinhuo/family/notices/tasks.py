"""The notices' background work: delivering a notice to its families (progress on the notice's page)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_notice_task(notice_id: int) -> int:
    """Resolve the families of a queued notice and notify them by every channel; a second run sends nothing."""
    from .services import notice_deliver

    return notice_deliver(notice_id)
