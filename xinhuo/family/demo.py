"""The demo school's family: each part builds its own, in this order."""

from .committee import demo as _committee
from .notices import demo as _notices
from .school import demo as _school
from .volunteers import demo as _volunteers


def build(ctx) -> None:
    _school.build(ctx)
    _committee.build(ctx)
    _volunteers.build(ctx)
    _notices.build(ctx)
