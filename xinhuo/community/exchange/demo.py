"""The demo school's exchange."""


def build(ctx) -> None:
    pass
