"""Evaluation (PLAN-3, PLAN-5, STU-4, ORG-8). Each part keeps its models in its own package; Django finds them
here."""

from .indicators.models import *  # noqa: F401,F403,I001
from .reports.models import *  # noqa: F401,F403,I001
from .county.models import *  # noqa: F401,F403,I001

from .indicators.models import PLAIN_TEXT as _indicators
from .reports.models import PLAIN_TEXT as _reports
from .county.models import PLAIN_TEXT as _county

# every text field not encrypted, with the reason (core/tests/test_encrypted_at_rest.py reads it here)
PLAIN_TEXT: dict[str, str] = {**_indicators, **_reports, **_county}
