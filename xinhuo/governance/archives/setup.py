"""Start-up of the archive: audit-log registration and the receivers that file other modules' records (called from
apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models, receivers

    auditlog.register(models.ArchiveRecord, exclude_fields=["file"])
    receivers.connect()
