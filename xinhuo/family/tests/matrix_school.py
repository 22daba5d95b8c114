"""Access-matrix cases of the parent school (FAM-1): courses, sessions, micro-lectures, registration, check-in,
attendance, certificates."""

CASES: list = []
