"""Access-matrix cases of people/staff (issue 19)."""

CASES: list = []
