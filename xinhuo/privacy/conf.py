"""The privacy app's periods, from Django settings or the environment (docs/privacy.md)."""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings

NOTICE_DAYS = 7  # the committee sees who is due this many days ahead and may hold them


def _int(name: str, default: int, low: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "") or default
    number = int(value)
    if number < low:
        raise ValueError(f"{name} must be at least {low}, not {number}")
    return number


def retention_years() -> int:
    """How long a left student's data is kept after the day they left (XINHUO_RETENTION_YEARS, default 3)."""
    return _int("XINHUO_RETENTION_YEARS", 3, 1)


def access_log_years() -> int:
    """How long access-log rows are kept (XINHUO_ACCESS_LOG_YEARS, default 3; 等保 level 2 wants 6 months at
    least, so a year is the shortest allowed)."""
    return _int("XINHUO_ACCESS_LOG_YEARS", 3, 1)


def request_days() -> int:
    """Days the committee has to answer a request (XINHUO_PRIVACY_REQUEST_DAYS, default 15)."""
    return _int("XINHUO_PRIVACY_REQUEST_DAYS", 15, 1)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
