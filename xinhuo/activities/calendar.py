"""The school calendar (ACT-3): which days are working days, public holidays and commemoration days.

Public holidays and the working days moved onto weekends (调休) come from `chinese-calendar`, which knows the State
Council's published arrangements. For a year it does not know yet (the arrangement is published each November), the
statutory holidays are estimated — the fixed dates, the lunar festivals via `lunardate`, Qingming on 4 or 5 April —
and weekends are off: the page says the year is estimated."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lunardate import LunarDate

# chinese-calendar's English holiday names, translated for the page
HOLIDAY_NAMES: dict[str, Promise] = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Tomb-sweeping Day"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": gettext_lazy("Anti-Fascist 70th Day"),
}


@dataclass(frozen=True)
class Commemoration:
    name: Promise
    theme: Promise  # the theme the committee's plans tie to the day


# fixed dates (month, day)
FIXED_DAYS: dict[tuple[int, int], Commemoration] = {
    (3, 5): Commemoration(gettext_lazy("Learn from Lei Feng Day"),
                          gettext_lazy("Volunteer service: learn from Lei Feng")),
    (3, 12): Commemoration(gettext_lazy("Tree Planting Day"), gettext_lazy("Labour and green campus")),
    (4, 15): Commemoration(gettext_lazy("National Security Education Day"),
                           gettext_lazy("National security education")),
    (5, 4): Commemoration(gettext_lazy("May Fourth Youth Day"), gettext_lazy("Patriotism and the youth's mission")),
    (5, 12): Commemoration(gettext_lazy("Disaster Prevention Day"), gettext_lazy("Emergency drill and safety")),
    (6, 1): Commemoration(gettext_lazy("Children's Day"), gettext_lazy("Care for the children, a children's festival")),
    (7, 1): Commemoration(gettext_lazy("Party Founding Day"), gettext_lazy("Listen to the Party, follow the Party")),
    (8, 1): Commemoration(gettext_lazy("Army Day"), gettext_lazy("Veterans tell the army's story")),
    (9, 3): Commemoration(gettext_lazy("Victory Day of the War of Resistance"),
                          gettext_lazy("Remember history, cherish peace")),
    (9, 10): Commemoration(gettext_lazy("Teachers' Day"), gettext_lazy("Respect teachers: thank the retired teachers")),
    (9, 18): Commemoration(gettext_lazy("September 18 Remembrance"), gettext_lazy("Never forget national humiliation")),
    (9, 30): Commemoration(gettext_lazy("Martyrs' Day"), gettext_lazy("Honour the martyrs, pass on the red gene")),
    (10, 1): Commemoration(gettext_lazy("National Day"), gettext_lazy("Love the motherland: flag ceremony")),
    (10, 13): Commemoration(gettext_lazy("Young Pioneers' Founding Day"), gettext_lazy("Young Pioneers' induction")),
    (11, 9): Commemoration(gettext_lazy("Fire Safety Day"), gettext_lazy("Fire drill and safety lecture")),
    (12, 2): Commemoration(gettext_lazy("Traffic Safety Day"), gettext_lazy("Traffic safety lecture")),
    (12, 4): Commemoration(gettext_lazy("Constitution Day"), gettext_lazy("Law education: learn the constitution")),
    (12, 13): Commemoration(gettext_lazy("National Memorial Day"),
                            gettext_lazy("Remember the Nanjing Massacre victims")),
}
# lunar dates (month, day)
LUNAR_DAYS: dict[tuple[int, int], Commemoration] = {
    (1, 15): Commemoration(gettext_lazy("Lantern Festival"), gettext_lazy("Traditional culture: lantern riddles")),
    (5, 5): Commemoration(gettext_lazy("Dragon Boat Festival"), gettext_lazy("Traditional culture: Qu Yuan's story")),
    (8, 15): Commemoration(gettext_lazy("Mid-autumn Festival"),
                           gettext_lazy("Family reunion: care for left-behind children")),
    (9, 9): Commemoration(gettext_lazy("Double Ninth Festival"), gettext_lazy("Respect the elders: visit the elders")),
}
QINGMING = Commemoration(gettext_lazy("Qingming Festival"), gettext_lazy("Honour the martyrs: tomb-sweeping"))


def _qingming(year: int) -> dt.date:
    # the solar term 清明 (4 or 5 April: 5 April in 2026 and 2027), from chinese-calendar's table of solar terms
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 3), dt.date(year, 4, 6))
    return terms[0][0] if terms else dt.date(year, 4, 5)


def _lunar(year: int, month: int, day: int) -> dt.date | None:
    try:
        return LunarDate(year, month, day).to_solar_date()
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _estimated_holidays(year: int) -> dict[dt.date, str]:
    """The statutory holidays of a year chinese-calendar does not know yet (their usual length, no 调休)."""
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "New Year's Day"}
    eve = _lunar(year - 1, 12, 30) or _lunar(year - 1, 12, 29)
    if eve:
        for i in range(8):
            days[eve + dt.timedelta(days=i)] = "Spring Festival"
    qm = _qingming(year)
    for i in range(-1, 2):
        days[qm + dt.timedelta(days=i)] = "Tomb-sweeping Day"
    for i in range(5):
        days[dt.date(year, 5, 1 + i)] = "Labour Day"
    for month, day, name in ((5, 5, "Dragon Boat Festival"), (8, 15, "Mid-autumn Festival")):
        solar = _lunar(year, month, day)
        if solar:
            days[solar] = name
    for i in range(7):
        days[dt.date(year, 10, 1 + i)] = "National Day"
    return days


@lru_cache(maxsize=64)
def is_known_year(year: int) -> bool:
    """Whether the State Council's arrangement for `year` is known (otherwise the calendar is estimated)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=4096)
def _off_day(day: dt.date) -> tuple[bool, str | None]:
    """(is off, holiday name or None)."""
    if is_known_year(day.year):
        holiday, name = chinese_calendar.get_holiday_detail(day)
        if not holiday:
            return False, None  # a working day, possibly a moved one on a weekend
        return True, name  # name None: a plain weekend
    name = _estimated_holidays(day.year).get(day)
    if name:
        return True, name
    return day.weekday() >= 5, None


def off_day_reason(day: dt.date) -> str | None:
    """Why `day` is not a working day (a holiday's name, or "weekend"); None on a working day."""
    off, name = _off_day(day)
    if not off:
        return None
    if name:
        return str(HOLIDAY_NAMES.get(name, name))
    return _("Weekend")


def is_moved_working_day(day: dt.date) -> bool:
    """A weekend day that is a working day this year (调休上班)."""
    return day.weekday() >= 5 and not _off_day(day)[0]


@lru_cache(maxsize=64)
def _commemorations(year: int) -> dict[dt.date, list[Commemoration]]:
    days: dict[dt.date, list[Commemoration]] = {}
    for (month, day), c in FIXED_DAYS.items():
        days.setdefault(dt.date(year, month, day), []).append(c)
    for (month, day), c in LUNAR_DAYS.items():
        solar = _lunar(year, month, day)
        if solar:
            days.setdefault(solar, []).append(c)
    days.setdefault(_qingming(year), []).append(QINGMING)
    return days


def commemorations(day: dt.date) -> list[Commemoration]:
    return _commemorations(day.year).get(day, [])


@dataclass
class Day:
    date: dt.date
    in_month: bool
    off_reason: str | None
    moved_working: bool
    commemorations: list[Commemoration]
    activities: list

    @property
    def holiday(self) -> bool:
        """Off for a public holiday, not only for the weekend."""
        return _off_day(self.date)[1] is not None


def parse_month(raw: str) -> tuple[int, int] | None:
    """"YYYY-MM" (2000 to 2100) as (year, month); None when it is not one."""
    try:
        year, month = (int(x) for x in raw.split("-"))
        dt.date(year, month, 1)
    except ValueError:
        return None
    return (year, month) if 2000 <= year <= 2100 else None


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The month's first moment and the next month's, in the school's time zone."""
    first = dt.date(year, month, 1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(first, dt.time.min, tzinfo=tz), dt.datetime.combine(after, dt.time.min, tzinfo=tz)


def month_grid(year: int, month: int, activities) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with its activities (read by the caller, sorted); each activity
    gains `local_start`, its start in the school's time zone."""
    by_day: dict[dt.date, list] = {}
    for a in activities:
        a.local_start = timezone.localtime(a.starts_at)
        by_day.setdefault(a.local_start.date(), []).append(a)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([Day(d, d.month == month, off_day_reason(d), is_moved_working_day(d), commemorations(d),
                          by_day.get(d, [])) for d in week])
    return weeks


def year_commemorations(start: dt.date, end: dt.date) -> list[tuple[dt.date, Commemoration]]:
    """Commemoration days between two dates, in order (for the list view and the plan's suggestions)."""
    out: list[tuple[dt.date, Commemoration]] = []
    for year in range(start.year, end.year + 1):
        for day, items in _commemorations(year).items():
            if start <= day <= end:
                out.extend((day, c) for c in items)
    return sorted(out, key=lambda pair: pair[0])
