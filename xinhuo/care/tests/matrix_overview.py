"""Access-matrix cases: the committee's overview of care for students and the lists behind its figures."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

# outsider: the director of the other school, in their own school
CARE_STAFF = {"director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "outsider"}

CASES: list = [
    Case("care:overview", CARE_STAFF),
    Case("care:overview-list", CARE_STAFF, kwargs=k(figure=lambda w, e: "tagged")),
]
