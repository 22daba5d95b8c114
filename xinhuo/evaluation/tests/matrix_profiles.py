"""Access-matrix cases of the profiles part (STU-4). The population is the committee's and the counsellors' (the
outsider directs another school and sees that school's); a student's profile follows care's care_for_student:
the committee, the counsellor and the head teacher of the student's class; everyone else 404."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k, sx

POPULATION = {"director", "leader", "counsellor", "outsider"}
PROFILE_X = {"director", "leader", "counsellor", "head_teacher_a"}

CASES = [
    Case("evaluation:profiles", POPULATION),
    Case("evaluation:profiles-export", POPULATION),
    Case("evaluation:profile-student", PROFILE_X, kwargs=k(pk=sx)),
    Case("api:evaluation-profiles-population", POPULATION, api=True),
]
