"""Start-up of the bursaries part: audit-log registration (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models, receivers  # noqa: F401 - connects the notices

    TEXT_MASK = "xinhuo.core.crypto.mask_text"

    auditlog.register(models.Donor, mask_fields=["phone", "note"], mask_callable=TEXT_MASK)
    auditlog.register(models.Fund)
    auditlog.register(models.Donation)
    auditlog.register(models.Grant, mask_fields=["reason", "groups_snapshot"], mask_callable=TEXT_MASK)
