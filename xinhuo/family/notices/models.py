"""Models of notices to families with read receipts and replies, per-child messages (FAM-4)."""

from __future__ import annotations

# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {}
