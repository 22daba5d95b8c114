"""Home and school (FAM-1, FAM-3, FAM-4): the parent school, the parent committee, volunteers and
mutual-help groups, notices and messages to families.

Each part keeps its models in its own package; Django finds them here."""

from .school.models import *  # noqa: F401,F403,I001
from .committee.models import *  # noqa: F401,F403,I001
from .volunteers.models import *  # noqa: F401,F403,I001
from .notices.models import *  # noqa: F401,F403,I001

from .school.models import PLAIN_TEXT as _school
from .committee.models import PLAIN_TEXT as _committee
from .volunteers.models import PLAIN_TEXT as _volunteers
from .notices.models import PLAIN_TEXT as _notices

# every text field not encrypted, with the reason (core/tests/test_encrypted_at_rest.py reads it here)
PLAIN_TEXT: dict[str, str] = {**_school, **_committee, **_volunteers, **_notices}
