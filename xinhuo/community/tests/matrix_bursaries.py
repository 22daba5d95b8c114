"""Access-matrix cases of donors, funds, grants to students and the accountability report (COM-3)."""

CASES: list = []
