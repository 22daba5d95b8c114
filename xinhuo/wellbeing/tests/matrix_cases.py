"""Access-matrix cases of the cases pages and endpoints."""

CASES: list = []
