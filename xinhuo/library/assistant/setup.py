"""Start-up of the assistant part: the settings' changes are audited. The log is not: it is itself the record,
and the change history must not keep a copy of its (encrypted) questions."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    auditlog.register(models.AssistantSettings)
