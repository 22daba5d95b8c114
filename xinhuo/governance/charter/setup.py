"""Start-up of the charter part: audit-log registration and the archive's receiver (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog
    from django.dispatch import receiver

    from . import models
    from .signals import charter_version_changed

    auditlog.register(models.CharterDocument)
    auditlog.register(models.CharterVersion)

    @receiver(charter_version_changed, sender=models.CharterVersion, weak=False,
              dispatch_uid="governance.charter.file_published")
    def file_published(sender, version, step, actor, **kwargs) -> None:
        from .filing import file_version

        if version.status == models.VersionStatus.PUBLISHED:
            file_version(version, by_user=actor.user if actor is not None else None)
