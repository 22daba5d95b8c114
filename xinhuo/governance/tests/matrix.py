"""Governance's access-matrix cases: each part's tests/matrix_<part>.py CASES, joined."""

from xinhuo.core import parts
from xinhuo.governance.apps import PARTS

CASES: list = list(parts.joined(parts.modules("xinhuo.governance", PARTS, "{package}.tests.matrix_{part}"), "CASES"))
