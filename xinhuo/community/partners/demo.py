"""The demo school's partners."""


def build(ctx) -> None:
    pass
