"""Models of exchange with peer committees: sister schools and the higher-level committee (COM-5)."""

from __future__ import annotations

# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {}
