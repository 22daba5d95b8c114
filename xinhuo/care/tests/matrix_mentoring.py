"""Access-matrix cases: the mentoring part of the care app, pages and API."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case  # noqa: F401

CASES: list = []
