"""The demo school's community: each part builds its own, in this order."""

from .bursaries import demo as _bursaries
from .exchange import demo as _exchange
from .partners import demo as _partners


def build(ctx) -> None:
    _partners.build(ctx)
    _bursaries.build(ctx)
    _exchange.build(ctx)
