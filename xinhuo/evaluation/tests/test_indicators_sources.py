"""The small count functions the indicators added at the end of other apps' selectors: each answers its own
school's rows only (the formulas' tests check what they count)."""

from __future__ import annotations

import pytest

from xinhuo.activities import selectors as activities
from xinhuo.care.groups import selectors as groups
from xinhuo.care.mentoring import selectors as mentoring
from xinhuo.care.visits import selectors as visits
from xinhuo.community.partners import selectors as partners
from xinhuo.family.school import selectors as parent_school
from xinhuo.governance.supervision import selectors as supervision
from xinhuo.plans import selectors as plans
from xinhuo.wellbeing import selectors as wellbeing

from . import indicators_support as s

pytestmark = pytest.mark.django_db


def test_each_source_counts_its_own_school_only(world):
    s.small_school(world)
    start, end = s.period()
    own = {
        "plans": plans.tasks_of_school(world.school).count(),  # the adopted plan's four (a draft's are left out)
        "signups": activities.signups_of_school(world.school).count(),
        "tags": groups.tags_of_school(world.school).count(),
        "support": groups.support_measures_of_school(world.school).count(),
        "visits": visits.home_visits_of_school(world.school).count(),
        "pairs": mentoring.pairs_of_school(world.school).count(),
        "responses": wellbeing.responses_of_school(world.school).count(),
        "alerts": wellbeing.alerts_of_school(world.school).count(),
        "attendances": parent_school.attendances_of_school(world.school, start, end).count(),
        "partners": partners.partners_of_school(world.school).count(),
        "meetings": partners.joint_meetings_of_school(world.school).count(),
        "rectifications": supervision.rectifications_of_school(world.school).count(),
    }
    assert own == {"plans": 4, "signups": 6, "tags": 3, "support": 3, "visits": 2, "pairs": 3, "responses": 2,
                   "alerts": 2, "attendances": 0, "partners": 3, "meetings": 1, "rectifications": 3}
    assert plans.tasks_of_school(world.other).count() == 1
    assert activities.signups_of_school(world.other).count() == 1
    for fn in (groups.tags_of_school, groups.support_measures_of_school, visits.home_visits_of_school,
               mentoring.pairs_of_school, wellbeing.responses_of_school, wellbeing.alerts_of_school,
               partners.partners_of_school, partners.joint_meetings_of_school, supervision.rectifications_of_school):
        assert fn(world.other).count() == 0, fn.__name__
