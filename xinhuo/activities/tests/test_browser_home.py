"""The director's home page in a browser (Playwright): the plan and activity charts are drawn, and this month's
strip of days scrolls sideways inside itself on a phone — opened on today — while the page does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.core.tests.test_browser import DESKTOP, assert_fits_phone, log_in
from xinhuo.plans.models import PlanStatus
from xinhuo.plans.services import plan_create_from_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_month_of_activities(world) -> None:
    first = timezone.localdate().replace(day=1)
    for day in (1, 4, 9, 15, 22, 27):
        starts = timezone.make_aware(dt.datetime.combine(first + dt.timedelta(days=day - 1), dt.time(14)))
        h.make(world, f"本月活动{day:02d}", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
               status=ActivityStatus.APPROVED)
    plan = plan_create_from_template(actor=world.actor("director"), key="general",
                                     year=world.year.start.year)
    plan.status = PlanStatus.ADOPTED
    plan.save(update_fields=["status"])


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_directors_home_draws_its_charts_and_scrolls_the_month_inside_its_strip(new_page, world, size):
    a_month_of_activities(world)
    page = new_page(**DESKTOP) if size == "desktop" else new_page()
    log_in(page, world.users["director"].username)
    page.locator("#plan-progress-chart[data-drawn='1']").wait_for()
    page.locator("#activities-chart[data-drawn='1']").wait_for()
    strip = page.locator("#month-strip")
    strip.wait_for()
    assert_fits_phone(page)  # nothing makes the page scroll sideways, at either size
    today = page.locator("#month-strip .xh-strip-day.today")
    assert today.count() == 1
    if size == "phone":
        widths = strip.evaluate("el => [el.scrollWidth, el.clientWidth, el.scrollLeft]")
        assert widths[0] > widths[1], "the month is wider than a phone: the strip scrolls"
        if timezone.localdate().day > 3:
            assert widths[2] > 0, "the strip opens on today, not on the first of the month"
        box, day = strip.bounding_box(), today.bounding_box()
        assert box and day and box["x"] <= day["x"] and day["x"] + day["width"] <= box["x"] + box["width"] + 1
