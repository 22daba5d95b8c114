"""The demo school's volunteers."""


def build(ctx) -> None:
    pass
