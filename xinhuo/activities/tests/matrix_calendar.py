"""Access-matrix cases: the calendar (everyone sees the published activities open to them)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case

CASES = [
    Case("activities:calendar", EVERYONE),
    Case("news:list", EVERYONE),
]
