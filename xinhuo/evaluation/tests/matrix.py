"""Evaluation's access-matrix cases: each part's tests/matrix_<part>.py CASES, joined."""

from xinhuo.core import parts
from xinhuo.evaluation.apps import PARTS

CASES: list = list(parts.joined(parts.modules("xinhuo.evaluation", PARTS, "{package}.tests.matrix_{part}"), "CASES"))
