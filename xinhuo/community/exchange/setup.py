"""Start-up of the exchange part: audit-log registration and signal receivers (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import receivers
    from .models import ExchangeEntry, ExchangePhoto, Peer

    auditlog.register(Peer, mask_fields=["contact_phone"])
    auditlog.register(ExchangeEntry)
    auditlog.register(ExchangePhoto)
    receivers.connect()
