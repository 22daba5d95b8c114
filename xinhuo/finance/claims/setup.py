"""Start-up of the claims part: audit-log registration and its notices (called from finance's apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models, receivers  # noqa: F401 - connects the notices

    auditlog.register(models.ExpenseClaim)
    auditlog.register(models.ClaimReceipt, exclude_fields=["file"])
