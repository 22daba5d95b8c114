"""The library (RES-1 to RES-5). Each part keeps its models in its own package; Django finds them here."""

from .resources.models import *  # noqa: F401,F403,I001
from .search.models import *  # noqa: F401,F403,I001
from .assistant.models import *  # noqa: F401,F403,I001
from .history.models import *  # noqa: F401,F403,I001

from .resources.models import PLAIN_TEXT as _resources

# every text field not encrypted, with the reason (core/tests/test_encrypted_at_rest.py reads it here)
PLAIN_TEXT: dict[str, str] = {**_resources}
