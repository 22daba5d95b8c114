"""Access-matrix cases of the screening pages and endpoints."""

CASES: list = []
