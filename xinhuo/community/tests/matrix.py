"""The access-matrix cases of community (core/tests/test_access_matrix.py runs them)."""

from .matrix_bursaries import CASES as _BURSARIES
from .matrix_exchange import CASES as _EXCHANGE
from .matrix_partners import CASES as _PARTNERS

CASES = [*_PARTNERS, *_BURSARIES, *_EXCHANGE]
