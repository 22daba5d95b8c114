"""The demo school's bursaries."""


def build(ctx) -> None:
    pass
