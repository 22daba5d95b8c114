"""The elders app's access-matrix cases, one list per part; test_access_matrix adds them all."""

from __future__ import annotations

from xinhuo.elders.tests.matrix_care import CASES as CARE
from xinhuo.elders.tests.matrix_registry import CASES as REGISTRY
from xinhuo.elders.tests.matrix_team import CASES as TEAM
from xinhuo.elders.tests.matrix_work import CASES as WORK

ELDER_CASES = [*REGISTRY, *WORK, *CARE, *TEAM]
