"""Models of the parent committee at school, grade and class level, its meetings and minutes; parent mutual-help
groups (FAM-3)."""

from __future__ import annotations

# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {}
