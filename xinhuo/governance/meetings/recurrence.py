"""The dates of a series (每月第一个周三: the nth weekday of every month; nth=-1 the last), moved to the next working
day when they fall on a Chinese public holiday (chinese_calendar, as activities and wellbeing use it)."""

from __future__ import annotations

import calendar
import datetime as dt

import chinese_calendar

# the holidays' names as the school says them (the package names them in English)
CHINESE = {h.value: h.chinese for h in chinese_calendar.Holiday}


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1–4, or -1 for the last) `weekday` (0 Monday … 6 Sunday) of a month."""
    days = calendar.monthrange(year, month)[1]
    matching = [d for d in range(1, days + 1) if dt.date(year, month, d).weekday() == weekday]
    return dt.date(year, month, matching[-1] if nth == -1 else matching[min(nth, len(matching)) - 1])


def holiday_name(day: dt.date) -> str:
    """The public holiday a day falls in ("" when none, or outside the calendar's years)."""
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    if not holiday or day.weekday() >= 5 and not name:
        return ""
    return CHINESE.get(str(name or ""), str(name or ""))


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not know yet: weekdays
        return day.weekday() < 5


def working_day_from(day: dt.date) -> dt.date:
    """The day itself when it is not a public holiday, else the next working day."""
    if not holiday_name(day):
        return day
    out = day + dt.timedelta(days=1)
    while not is_workday(out):
        out += dt.timedelta(days=1)
    return out


def occurrence(year: int, month: int, weekday: int, nth: int) -> tuple[dt.date, dt.date]:
    """(the rule's date, the date the meeting is held): they differ when the rule's date is a holiday."""
    nominal = nth_weekday(year, month, weekday, nth)
    return nominal, working_day_from(nominal)


def next_occurrence(after: dt.date, weekday: int, nth: int) -> tuple[dt.date, dt.date]:
    """The first occurrence whose held date is later than `after`."""
    year, month = after.year, after.month
    for _ in range(24):
        nominal, held = occurrence(year, month, weekday, nth)
        if held > after:
            return nominal, held
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError("no occurrence within two years")  # pragma: no cover - every month has each weekday
