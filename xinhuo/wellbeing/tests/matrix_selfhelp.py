"""Access-matrix cases of the selfhelp pages and endpoints."""

CASES: list = []
