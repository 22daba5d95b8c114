"""Access-matrix cases of the alerts pages and endpoints."""

CASES: list = []
