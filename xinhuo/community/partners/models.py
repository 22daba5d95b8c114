"""Models of partners and practice bases, co-building agreements, joint meetings, the social resource directory
(COM-1, COM-2)."""

from __future__ import annotations

# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {}
