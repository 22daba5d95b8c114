"""Start-up of the bursaries part: audit-log registration and signal receivers (called from apps.ready)."""


def ready() -> None:
    pass
