"""The school calendar (ACT-3): working days, public holidays and moved working days from chinese-calendar, the
estimate for a year not published yet, commemoration days, the month grid, the confirmation an activity on a
non-working day needs, and the calendar page and API."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from xinhuo.activities import calendar, services
from xinhuo.activities.models import Activity, ActivityStatus, ActivityStep
from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.support import msg, on

D = dt.date


def english(items) -> list[str]:
    with translation.override("en"):
        return [str(c.name) for c in items]


def reason_en(day: dt.date) -> str | None:
    with translation.override("en"):
        return calendar.off_day_reason(day)


# --- working days and holidays ---------------------------------------------------------------------------------


def test_a_known_year_public_holiday_weekend_and_weekday():
    assert calendar.is_known_year(2026)
    assert reason_en(D(2026, 10, 1)) == "National Day"
    assert reason_en(D(2026, 10, 5)) == "National Day"  # a Monday inside the holiday
    assert reason_en(D(2026, 2, 17)) == "Spring Festival"
    assert reason_en(D(2026, 10, 24)) == "Weekend"  # a plain Saturday
    assert reason_en(D(2026, 10, 12)) is None  # a plain Monday
    assert not calendar.is_moved_working_day(D(2026, 10, 24))


def test_a_weekend_day_moved_to_a_working_day():
    moved = [d for d in chinese_calendar.get_workdays(D(2026, 1, 1), D(2026, 12, 31)) if d.weekday() >= 5]
    assert moved, "2026 has working days moved onto weekends (调休)"
    for day in moved:
        assert calendar.off_day_reason(day) is None
        assert calendar.is_moved_working_day(day)
    assert D(2026, 10, 10) in moved  # the Saturday after National Day


def test_qingming_is_the_solar_term_day():
    # 清明 fell on 5 April in 2026 and falls on 5 April in 2027, on 4 April in 2028
    assert english(calendar.commemorations(D(2026, 4, 5))) == ["Qingming Festival"]
    assert calendar.commemorations(D(2026, 4, 4)) == []
    assert "Qingming Festival" in english(calendar.commemorations(D(2027, 4, 5)))
    assert "Qingming Festival" in english(calendar.commemorations(D(2028, 4, 4)))


def test_a_year_not_published_yet_is_estimated():
    assert not calendar.is_known_year(2027)
    assert reason_en(D(2027, 10, 1)) == "National Day"
    assert reason_en(D(2027, 10, 7)) == "National Day"
    assert reason_en(D(2027, 5, 1)) == "Labour Day"
    assert reason_en(D(2027, 1, 1)) == "New Year's Day"
    assert reason_en(D(2027, 2, 8)) == "Spring Festival"  # a Monday of the week after 春节 (6 February 2027)
    assert reason_en(D(2027, 3, 13)) == "Weekend"  # a Saturday
    assert reason_en(D(2027, 3, 10)) is None  # a Wednesday
    assert not calendar.is_moved_working_day(D(2027, 3, 13))  # no 调休 is guessed


def test_commemoration_days_of_2026():
    assert english(calendar.commemorations(D(2026, 3, 5))) == ["Learn from Lei Feng Day"]
    assert english(calendar.commemorations(D(2026, 9, 10))) == ["Teachers' Day"]
    assert english(calendar.commemorations(D(2026, 12, 13))) == ["National Memorial Day"]
    assert english(calendar.commemorations(D(2026, 10, 18))) == ["Double Ninth Festival"]  # lunar 9/9
    assert calendar.commemorations(D(2026, 10, 19)) == []
    with translation.override("en"):
        assert str(calendar.commemorations(D(2026, 10, 18))[0].theme) == "Respect the elders: visit the elders"
    listed = calendar.year_commemorations(D(2026, 9, 1), D(2026, 9, 30))
    assert [d for d, _c in listed] == sorted(d for d, _c in listed)
    assert {d for d, _c in listed} >= {D(2026, 9, 3), D(2026, 9, 10), D(2026, 9, 18), D(2026, 9, 30)}


def test_the_month_grid_is_weeks_of_seven_days_from_monday():
    start = timezone.make_aware(dt.datetime(2026, 2, 14, 9))
    items = [SimpleNamespace(starts_at=start, title="元宵灯谜")]
    weeks = calendar.month_grid(2026, 2, items)  # 1 February 2026 is a Sunday
    assert all(len(week) == 7 for week in weeks)
    assert all(week[0].date.weekday() == 0 for week in weeks)
    days = [d for week in weeks for d in week]
    assert days[0].date == D(2026, 1, 26) and days[-1].date == D(2026, 3, 1)
    assert all(b.date - a.date == dt.timedelta(days=1) for a, b in zip(days, days[1:], strict=False))
    assert [d.date for d in days if d.in_month] == [D(2026, 2, i) for i in range(1, 29)]
    by_date = {d.date: d for d in days}
    assert by_date[D(2026, 2, 14)].activities == items and by_date[D(2026, 2, 14)].moved_working
    assert by_date[D(2026, 2, 17)].off_reason == calendar.off_day_reason(D(2026, 2, 17))
    assert sum(len(d.activities) for d in days) == 1


# --- the confirmation an activity on a non-working day needs ----------------------------------------------------


def next_plain_weekend_day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while not (day.weekday() >= 5 and calendar.off_day_reason(day) == msg("Weekend")):
        day += dt.timedelta(days=1)
    return day


def apply(world, day: dt.date, **kw) -> Activity:
    return services.activity_apply(actor=world.actor("head_teacher_a"), title="周末志愿服务", kind="volunteer",
                                   starts_at=on(day, 9), ends_at=on(day, 11), **kw)


@pytest.mark.parametrize("day", [next_plain_weekend_day(), D(2026, 10, 1)], ids=["weekend", "national_day"])
def test_an_activity_on_a_non_working_day_needs_a_confirmation(world, day):
    with pytest.raises(ValidationError) as exc:
        apply(world, day)
    reason = calendar.off_day_reason(day)
    assert exc.value.message_dict == {"off_day_confirmed": [msg(
        "%(date)s is not a working day (%(reason)s): confirm that the activity is held on that day.",
        date=day.isoformat(), reason=reason)]}
    assert not Activity.objects.exists() and not ActivityStep.objects.exists()
    a = apply(world, day, off_day_confirmed=True)
    assert a.off_day_confirmed and a.status == ActivityStatus.APPLIED


def test_a_moved_working_day_and_a_weekday_need_no_confirmation(world):
    for day in (D(2026, 10, 10), D(2026, 10, 12)):
        a = apply(world, day, off_day_confirmed=True)
        assert not a.off_day_confirmed  # nothing to confirm on a working day: not kept


# --- the page and the API -----------------------------------------------------------------------------------------


def october(world, title="重阳敬老", status=ActivityStatus.APPROVED, **kw) -> Activity:
    return h.make(world, title, status=status, starts_at=on(D(2026, 10, 12), 14),
                  ends_at=on(D(2026, 10, 12), 16), **kw)


def td(html: str, day: str) -> str:
    """The month grid's cell of a day."""
    match = re.search(rf'<td [^>]*data-date="{day}"[^>]*>(.*?)</td>', html, re.S)
    assert match, day
    return match.group(0)


def test_the_month_shows_activities_commemorations_and_holidays(world):
    a = october(world)
    hidden = october(world, status=ActivityStatus.APPLIED, title="未批准的申请", organiser="leader")
    r = world.client("student_x").get(reverse("activities:calendar"), {"month": "2026-10"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="calendar-month">2026-10<' in html and 'id="estimated"' not in html
    assert f'data-activity="{a.pk}"' in td(html, "2026-10-12") and f'data-activity="{hidden.pk}"' not in html
    national = escape(calendar.off_day_reason(D(2026, 10, 1)))
    assert f'data-off="{national}"' in td(html, "2026-10-01")
    assert f"★ {escape(calendar.commemorations(D(2026, 10, 1))[0].name)}" in td(html, "2026-10-01")
    assert f"★ {escape(calendar.commemorations(D(2026, 10, 18))[0].name)}" in td(html, "2026-10-18")
    assert "data-off" not in td(html, "2026-10-10")  # the moved working day
    assert escape(msg("Working day")) in td(html, "2026-10-10")
    assert f'data-off="{escape(msg("Weekend"))}"' in td(html, "2026-10-24")
    assert "data-off" not in td(html, "2026-10-12")


def test_the_list_view_shows_the_days_that_matter(world):
    a = october(world)
    r = world.client("head_teacher_a").get(reverse("activities:calendar"), {"month": "2026-10", "view": "list"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="calendar-grid"' not in html
    items = dict(re.findall(r'<li class="list-group-item[^"]*" data-date="([\d-]+)">(.*?)</li>', html, re.S))
    assert f'data-activity="{a.pk}"' in items["2026-10-12"]
    assert escape(calendar.off_day_reason(D(2026, 10, 3))) in items["2026-10-03"]  # a holiday on a Saturday
    assert "list-group-item-danger" in html
    # a commemoration day with its suggested theme and a link to plan an activity on it
    double_ninth = calendar.commemorations(D(2026, 10, 18))[0]
    assert escape(str(double_ninth.theme)) in items["2026-10-18"]
    assert "/activities/new/?date=2026-10-18&theme=" in items["2026-10-18"]
    assert "2026-10-24" not in items and "2026-10-25" not in items  # a plain weekend, nothing on it


def test_a_year_not_published_is_said_to_be_estimated(world):
    r = world.client("student_x").get(reverse("activities:calendar"), {"month": "2027-10"})
    assert r.status_code == 200 and 'id="estimated"' in r.content.decode()


def test_the_calendar_api(world):
    a = october(world)
    r = world.client("student_x").get("/api/v1/activities/calendar/", {"month": "2026-10"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["month"] == "2026-10" and body["estimated"] is False
    days = {d["date"]: d for d in body["days"]}
    assert len(days) == 31 and min(days) == "2026-10-01" and max(days) == "2026-10-31"
    assert days["2026-10-01"]["off"] == calendar.off_day_reason(D(2026, 10, 1))
    assert days["2026-10-01"]["commemorations"] == [{
        "name": str(c.name), "theme": str(c.theme)} for c in calendar.commemorations(D(2026, 10, 1))]
    assert days["2026-10-10"]["off"] is None and days["2026-10-10"]["moved_working_day"] is True
    assert days["2026-10-24"]["off"] == msg("Weekend") and days["2026-10-12"]["off"] is None
    assert [x["id"] for x in days["2026-10-12"]["activities"]] == [a.pk]
    assert sum(len(d["activities"]) for d in days.values()) == 1
    # another school's director sees the days, not this school's activities
    other = world.client("outsider").get("/api/v1/activities/calendar/", {"month": "2026-10"}).json()
    assert not any(d["activities"] for d in other["days"])


@pytest.mark.parametrize("month", ["2026-13", "oct", "1999-01", "2026"])
def test_the_calendar_api_refuses_a_bad_month(world, month):
    r = world.client("student_x").get("/api/v1/activities/calendar/", {"month": month})
    assert r.status_code == 400
    assert r.json() == {"month": [msg("Give the month as YYYY-MM, for example 2026-09.")]}
