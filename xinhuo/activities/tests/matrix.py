"""The activities app's access-matrix cases, one list per part; test_access_matrix adds them all."""

from __future__ import annotations

from xinhuo.activities.tests.matrix_activities import CASES as ACTIVITIES
from xinhuo.activities.tests.matrix_calendar import CASES as CALENDAR
from xinhuo.activities.tests.matrix_signups import CASES as SIGNUPS

ACTIVITY_CASES = [*ACTIVITIES, *SIGNUPS, *CALENDAR]
