"""Governance (GOV-1, GOV-2, PLAN-4, ORG-2): meetings and minutes, the charter and duties, the archive, supervision
and rectification. Each part keeps its models in its own package; Django finds them here."""

from .meetings.models import *  # noqa: F401,F403,I001
from .charter.models import *  # noqa: F401,F403,I001
from .archives.models import *  # noqa: F401,F403,I001
from .supervision.models import *  # noqa: F401,F403,I001

from .meetings.models import PLAIN_TEXT as _meetings
from .charter.models import PLAIN_TEXT as _charter
from .archives.models import PLAIN_TEXT as _archives
from .supervision.models import PLAIN_TEXT as _supervision

# every text field not encrypted, with the reason (core/tests/test_encrypted_at_rest.py reads it here)
PLAIN_TEXT: dict[str, str] = {**_meetings, **_charter, **_archives, **_supervision}
