"""Access-matrix cases of the scale pages (PSY-1): the counsellor's alone."""

from __future__ import annotations

CASES: list = []
