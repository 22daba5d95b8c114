"""Start-up of the volunteers part: audit-log registration and signal receivers (called from apps.ready)."""


def ready() -> None:
    pass
