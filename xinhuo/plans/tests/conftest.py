# The browser journeys' fixtures (Debian's Chromium, a fresh context per page) live with the core journeys.
import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.core.tests.test_browser import browser, new_page  # noqa: F401

TODAY = dt.date(2026, 12, 1)  # inside the world's school year 2026-2027, whatever day the tests run on


@pytest.fixture(autouse=True)
def plans_today(monkeypatch):
    """Overdue depends on today: the plans tests run on 1 December 2026 (the 综合 template's October tasks are
    past their deadline, its January ones are not)."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY
