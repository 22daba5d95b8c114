"""Access-matrix cases of the 德育 assistant (RES-3): every persona but the students asks (students only once their
school allows it: test_assistant_access.py); the log and the settings are the committee's (the outsider, a director
of another school, opens their own school's)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case

COMMITTEE = {"director", "leader", "outsider"}
ASKERS = EVERYONE - {"student_x", "student_y"}

CASES: list = [
    Case("library:assistant", ASKERS),
    Case("library:assistant", ASKERS, ok=400, method="post", data={"question": " "}),
    Case("library:assistant-log", COMMITTEE),
    Case("library:assistant-settings", COMMITTEE),
    Case("library:assistant-settings", COMMITTEE, ok=302, method="post", data={"students_allowed": "on"}),
    Case("api:library-assistant", ASKERS, ok=400, method="post", api=True, data={"question": ""}),
]
