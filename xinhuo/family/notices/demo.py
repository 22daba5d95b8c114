"""The demo school's notices."""


def build(ctx) -> None:
    pass
