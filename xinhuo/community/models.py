"""Community (COM-1, COM-2, COM-3, COM-5): partners and practice bases with agreements, the social resource
directory, donations and bursaries, exchange with peer committees.

Each part keeps its models in its own package; Django finds them here."""

from .partners.models import *  # noqa: F401,F403,I001
from .bursaries.models import *  # noqa: F401,F403,I001
from .exchange.models import *  # noqa: F401,F403,I001

from .partners.models import PLAIN_TEXT as _partners
from .bursaries.models import PLAIN_TEXT as _bursaries
from .exchange.models import PLAIN_TEXT as _exchange

# every text field not encrypted, with the reason (core/tests/test_encrypted_at_rest.py reads it here)
PLAIN_TEXT: dict[str, str] = {**_partners, **_bursaries, **_exchange}
