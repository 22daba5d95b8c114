"""Finance (GOV-3): budgets, lines and earmarks, activity commitments, expense claims and their receipts. Each part
keeps its models in its own package; Django finds them here."""

from .budgets.models import *  # noqa: F401,F403,I001
from .claims.models import *  # noqa: F401,F403,I001

from .budgets.models import PLAIN_TEXT as _budgets
from .claims.models import PLAIN_TEXT as _claims

# every text field not encrypted, with the reason (core/tests/test_encrypted_at_rest.py reads it here)
PLAIN_TEXT: dict[str, str] = {**_budgets, **_claims}
