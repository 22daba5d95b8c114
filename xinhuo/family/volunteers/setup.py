"""Start-up of the volunteers part: audit-log registration and signal receivers (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import receivers  # noqa: F401 - connects the notifications
    from .models import VolunteerOffer, VolunteerRequest, VolunteerResponse

    auditlog.register(VolunteerOffer)
    auditlog.register(VolunteerRequest)
    auditlog.register(VolunteerResponse)
