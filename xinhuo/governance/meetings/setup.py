"""Start-up of the meetings part: audit-log registration and the notices (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models, receivers  # noqa: F401 - connects the notices

    auditlog.register(models.Meeting)
    auditlog.register(models.MeetingSeries, m2m_fields={"invitees"})
    auditlog.register(models.Invitation)
    auditlog.register(models.ActionItem)
