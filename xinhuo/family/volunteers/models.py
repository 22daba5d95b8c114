"""Models of parent volunteers: the roster, an activity's requests, who accepted, hours (FAM-3)."""

from __future__ import annotations

# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {}
