"""Access-matrix cases of the activities app (activities part)."""

from __future__ import annotations

CASES: list = []
