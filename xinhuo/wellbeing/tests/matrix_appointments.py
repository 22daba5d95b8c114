"""Access-matrix cases of the appointments pages and endpoints."""

CASES: list = []
