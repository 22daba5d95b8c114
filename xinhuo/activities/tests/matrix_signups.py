"""Access-matrix cases: sign-up, the organiser's settings and check-in list."""

from __future__ import annotations

from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.matrix_activities import ORGANISER, SEES_PUBLISHED, pub, trip
from xinhuo.core.tests.matrix import Case, k


def sx_signup(w, e):
    return h.signup_x(w).pk


CASES = [
    # whoever sees the activity and may sign up posts (a refusal explains itself on the page); admin may not sign up
    Case("activities:signup", SEES_PUBLISHED - {"admin"}, ok=302, method="post", kwargs=k(pk=pub)),
    Case("activities:signup-cancel", ORGANISER | {"student_x", "parent_x"}, ok=302, method="post",
         kwargs=k(pk=pub, signup_pk=sx_signup)),
    Case("activities:signup-settings", ORGANISER, ok=302, method="post", kwargs=k(pk=pub),
         data={"signup_open": "on", "capacity": "40"}),
    Case("activities:checkin", ORGANISER, kwargs=k(pk=pub)),
    Case("activities:checkin-set", ORGANISER, ok=302, method="post", kwargs=k(pk=pub, signup_pk=sx_signup),
         data={"present": "1"}),
    # the trip is open to class 1 only: everyone who sees it and may sign up is told it is not open to them
    Case("api:activity-signup", SEES_PUBLISHED - {"admin"}, ok=400, method="post", kwargs=k(pk=trip), api=True),
    Case("api:activity-signups", SEES_PUBLISHED, kwargs=k(pk=pub), api=True),
    Case("api:activity-checkin", ORGANISER, ok=400, method="post", kwargs=k(pk=pub), api=True),
    # no sign-up named: refused for whoever sees the activity (the service answers 404 for another's place)
    Case("api:activity-signup-cancel", SEES_PUBLISHED, ok=400, method="post", kwargs=k(pk=pub), api=True),
    Case("api:activity-signup-settings", ORGANISER, method="post", kwargs=k(pk=pub),
         data={"signup_open": True, "capacity": 40}, api=True),
]
