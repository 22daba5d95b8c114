"""The plain API views of every part (under /api/v1/)."""

from .bursaries.api import PATHS as _bursaries
from .exchange.api import PATHS as _exchange
from .partners.api import PATHS as _partners

PATHS = [*_partners, *_bursaries, *_exchange]
