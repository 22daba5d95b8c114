"""The demo school's committee."""


def build(ctx) -> None:
    pass
