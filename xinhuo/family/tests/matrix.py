"""The access-matrix cases of family (core/tests/test_access_matrix.py runs them)."""

from .matrix_committee import CASES as _COMMITTEE
from .matrix_notices import CASES as _NOTICES
from .matrix_school import CASES as _SCHOOL
from .matrix_volunteers import CASES as _VOLUNTEERS

CASES = [*_SCHOOL, *_COMMITTEE, *_VOLUNTEERS, *_NOTICES]
