"""The demo school's psychological health: built by build(ctx)."""


def build(ctx) -> None:
    return None
