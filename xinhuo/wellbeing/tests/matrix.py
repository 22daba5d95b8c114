"""The access-matrix cases of psychological health (core/tests/test_access_matrix.py runs them)."""

from .matrix_alerts import CASES as ALERT_CASES
from .matrix_api import CASES as API_CASES
from .matrix_screening import CASES as SCREENING_CASES

CASES = [*SCREENING_CASES, *ALERT_CASES, *API_CASES]
