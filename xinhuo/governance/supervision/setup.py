"""Start-up of the supervision part: audit-log registration and the notices (called from governance's apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models, receivers  # noqa: F401 - connects the notices

    auditlog.register(models.Inspection)
    auditlog.register(models.ChecklistItem)
    auditlog.register(models.Rectification)
    # the change history never shows what an accountability record says (the leading group's alone)
    auditlog.register(models.Accountability, mask_fields=["person_name", "measure", "reason"],
                      mask_callable="xinhuo.core.crypto.mask_text")
