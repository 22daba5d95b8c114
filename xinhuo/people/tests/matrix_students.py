"""Access-matrix cases of people/students (issue 19)."""

CASES: list = []
