"""Start-up of the indicators part: the change history of the system and of the snapshots (a retake's replaced rows
stay in it)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    auditlog.register(models.Dimension)
    auditlog.register(models.Indicator)
    auditlog.register(models.Snapshot)
