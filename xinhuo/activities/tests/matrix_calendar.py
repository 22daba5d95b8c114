"""Access-matrix cases of the activities app (calendar part)."""

from __future__ import annotations

CASES: list = []
