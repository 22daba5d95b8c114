"""How dates are written in Chinese text for people: certificates, workbook messages."""

from __future__ import annotations

import datetime as dt


def chinese_date(day: dt.date) -> str:
    """2026年11月29日 (as on certificates and in letters: no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"
