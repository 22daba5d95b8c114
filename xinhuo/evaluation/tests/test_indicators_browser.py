"""The indicators in a browser (Playwright): the director follows the menu to the indicators on a desktop and on a
phone (390 px), sees every dimension and the chart, and drills into one indicator down to the records behind its
figure. Nothing is wider than the phone."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinhuo.core.models import SchoolYear
from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    nav_to,
    new_page,
)

from . import indicators_support as s

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def test_the_director_opens_the_indicators_on_a_desktop_and_a_phone_and_drills_into_one(new_page, world):  # noqa: F811
    cache.clear()
    s.activities(world)
    SchoolYear.objects.filter(pk=world.year.pk).update(start=s.day(100), end=s.day(-100))

    desktop = new_page(**DESKTOP)
    log_in(desktop, world.users["director"].username)
    nav_to(desktop, "/evaluation/indicators/")
    assert desktop.locator("section[data-dimension]").count() == 7
    assert desktop.locator("#total-score").count() == 1
    held = desktop.locator('li[data-indicator="activities_held"] a')
    with desktop.expect_navigation():
        held.click()
    assert desktop.locator("#figure").get_attribute("data-value") == "50.00"
    assert desktop.locator("#records [data-record]").count() == 2

    phone = new_page()
    log_in(phone, world.users["director"].username)
    nav_to(phone, "/evaluation/indicators/")
    assert phone.locator("section[data-dimension]").count() == 7
    assert_fits_phone(phone)
    with phone.expect_navigation():
        phone.locator('li[data-indicator="activities_held"] a').click()
    assert phone.locator("#figure").get_attribute("data-value") == "50.00"
    records = phone.locator("#records [data-record] a")
    assert records.count() == 2
    assert_fits_phone(phone)
    with phone.expect_navigation():
        records.first.click()
    assert "/activities/" in phone.url

    phone.goto("/evaluation/indicators/settings/")
    assert phone.locator("#dimension-weights [data-dimension]").count() == 7
    assert_fits_phone(phone)
    with phone.expect_navigation():
        phone.locator('#dimension-weights [data-dimension="activities"] a').click()
    assert phone.locator("#indicator-level fieldset[data-indicator]").count() == 2
    assert_fits_phone(phone)
    phone.goto("/evaluation/indicators/snapshots/")
    assert_fits_phone(phone)
