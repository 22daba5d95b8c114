"""A school year's periods: the first term, the second term and the whole year. The terms come from the year's Term
rows (core) when it has them: the first term runs from the year's start to the day before the second term starts
(or to the first term's end when only one is recorded), the second from there to the year's end, so the winter break
belongs to a term and no day is lost. A year without terms is split at 1 February."""

from __future__ import annotations

import datetime as dt

from .models import Period


def split_day(year) -> dt.date:
    """The first day of the second term."""
    terms = sorted(year.terms.all(), key=lambda t: t.start)
    if len(terms) >= 2 and year.start < terms[1].start <= year.end:
        return terms[1].start
    if len(terms) == 1 and year.start <= terms[0].end < year.end:
        return terms[0].end + dt.timedelta(days=1)
    feb = dt.date(year.start.year + (1 if year.start.month >= 2 else 0), 2, 1)
    return feb if year.start < feb <= year.end else year.start + (year.end - year.start) / 2


def bounds(year, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the period (both included)."""
    if period == Period.YEAR:
        return year.start, year.end
    second = split_day(year)
    if period == Period.TERM1:
        return year.start, second - dt.timedelta(days=1)
    return second, year.end


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months of a period, each cut to the period: the trend's points."""
    out = []
    first = start.replace(day=1)
    while first <= end:
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        out.append((max(first, start), min(nxt - dt.timedelta(days=1), end)))
        first = nxt
    return out


def current_period(year, today: dt.date) -> str:
    """The term today falls in (the whole year outside the year's dates)."""
    if not (year.start <= today <= year.end):
        return Period.YEAR
    return Period.TERM1 if today < split_day(year) else Period.TERM2
