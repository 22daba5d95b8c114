"""The library (RES-1 to RES-5). Each part keeps its models in its own package; Django finds them here."""

from .resources.models import *  # noqa: F401,F403,I001
from .search.models import *  # noqa: F401,F403,I001
from .assistant.models import *  # noqa: F401,F403,I001
from .history.models import *  # noqa: F401,F403,I001

from .resources.models import PLAIN_TEXT as _resources
from .search.models import PLAIN_TEXT as _search
from .assistant.models import PLAIN_TEXT as _assistant
from .history.models import PLAIN_TEXT as _history

# every text field not encrypted, with the reason (each part's models.py holds its own; joined here, as governance)
PLAIN_TEXT: dict[str, str] = {**_resources, **_search, **_assistant, **_history}
