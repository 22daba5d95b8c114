"""The year-end report's background work: generating its sections (progress on the report's page)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report_task(report_id: int, user_id: int) -> int:
    """Build the sections of a report being generated, as the user who asked; returns the number of sections."""
    from .services import report_generate

    return report_generate(report_id, user_id)
