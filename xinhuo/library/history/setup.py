"""Start-up of the school history: audit-log registration (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    auditlog.register(models.HistoryItem, exclude_fields=["file", "updated_at", "story"], m2m_fields={"contributors"})
