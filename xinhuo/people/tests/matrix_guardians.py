"""Access-matrix cases of people/guardians (issue 19)."""

CASES: list = []
