"""The access-matrix cases of surveys and the mailbox (core/tests/test_access_matrix.py runs them)."""

from .matrix_answering import CASES as ANSWERING_CASES
from .matrix_builder import CASES as BUILDER_CASES
from .matrix_mailbox import CASES as MAILBOX_CASES
from .matrix_results import CASES as RESULT_CASES

CASES = [*BUILDER_CASES, *ANSWERING_CASES, *RESULT_CASES, *MAILBOX_CASES]
