"""Start-up of the year-end report part: audit-log registration (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from .models import YearReport

    auditlog.register(YearReport, exclude_fields=["docx", "pdf", "generated", "progress"])
