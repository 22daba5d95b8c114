"""The demo school's school."""


def build(ctx) -> None:
    pass
