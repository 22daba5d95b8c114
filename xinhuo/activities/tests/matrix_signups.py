"""Access-matrix cases of the activities app (signups part)."""

from __future__ import annotations

CASES: list = []
