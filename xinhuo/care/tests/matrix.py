"""The care app's access-matrix cases, one list per part; test_access_matrix adds them all."""

from __future__ import annotations

from xinhuo.care.tests.matrix_groups import CASES as GROUPS
from xinhuo.care.tests.matrix_mentoring import CASES as MENTORING
from xinhuo.care.tests.matrix_overview import CASES as OVERVIEW
from xinhuo.care.tests.matrix_study import CASES as STUDY
from xinhuo.care.tests.matrix_visits import CASES as VISITS

CARE_CASES = [*OVERVIEW, *GROUPS, *MENTORING, *VISITS, *STUDY]
