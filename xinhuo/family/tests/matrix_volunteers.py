"""Access-matrix cases of parent volunteers: the roster, an activity's requests, who accepted, hours (FAM-3)."""

CASES: list = []
