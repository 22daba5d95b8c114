"""The news app's access-matrix cases; test_access_matrix adds them."""

from __future__ import annotations

CASES: list = []
