"""Models of the parent school (FAM-1): courses, sessions, micro-lectures, registration, check-in, attendance,
certificates."""

from __future__ import annotations

# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {}
