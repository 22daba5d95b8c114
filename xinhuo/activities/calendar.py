"""The school calendar (ACT-3): which days are working days, public holidays and commemoration days.
Stub until the calendar part lands: weekends only."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _


def off_day_reason(day: dt.date) -> str | None:
    """Why `day` is not a working day (a holiday's name, or "weekend"); None on a working day."""
    return _("Weekend") if day.weekday() >= 5 else None
