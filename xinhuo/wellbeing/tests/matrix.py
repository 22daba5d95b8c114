"""The access-matrix cases of psychological health (core/tests/test_access_matrix.py runs them)."""

from .matrix_alerts import CASES as ALERT_CASES
from .matrix_api import CASES as API_CASES
from .matrix_appointments import CASES as APPOINTMENT_CASES
from .matrix_cases import CASES as CASE_CASES
from .matrix_scales import CASES as SCALE_CASES
from .matrix_screening import CASES as SCREENING_CASES
from .matrix_selfhelp import CASES as SELFHELP_CASES

CASES = [*SCREENING_CASES, *ALERT_CASES, *API_CASES, *CASE_CASES, *APPOINTMENT_CASES, *SELFHELP_CASES, *SCALE_CASES]
