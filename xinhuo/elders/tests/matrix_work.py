"""Access-matrix cases: work part of the elders app."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case  # noqa: F401

CASES: list = []
