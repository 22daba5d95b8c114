"""Access-matrix cases of notices to families with read receipts and replies, per-child messages (FAM-4)."""

CASES: list = []
