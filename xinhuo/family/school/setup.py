"""Start-up of the school part: audit-log registration and signal receivers (called from apps.ready)."""


def ready() -> None:
    pass
