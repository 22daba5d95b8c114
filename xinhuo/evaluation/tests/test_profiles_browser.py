"""The population page on a phone (Playwright, 390 px): the director follows the menu to it, the charts are drawn,
the tables fit the phone with the small groups as "<5", the workbook downloads; from a student's page the profile
opens and fits the phone too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    nav_to,
    new_page,
)

from .profiles_support import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_the_population_and_a_profile_on_a_phone(new_page, world):  # noqa: F811
    build(world)
    page = new_page()
    log_in(page, world.users["director"].username)
    nav_to(page, "/evaluation/profiles/")
    expect(page.locator("#profiles-groups canvas")).to_have_count(1)  # ECharts drew the chart
    expect(page.locator("#profiles-trend canvas")).to_have_count(1)
    lb = page.locator("#profiles-by-grade tbody tr").first
    expect(lb.locator("td").last).to_have_text("11")
    expect(page.locator("#profiles-needs tbody tr").nth(3).locator("td").first).to_have_text("<5")  # 残疾: one
    assert_fits_phone(page)
    with page.expect_download() as download:
        page.click("#profiles-export")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(f"/people/students/{world.student_x.pk}/")
    with page.expect_navigation():
        page.locator("#evaluation-profile-link a").click()
    expect(page.locator("#profile-name")).to_have_text(world.student_x.name)
    expect(page.locator("#profile-tags [data-tag]")).to_have_count(1)
    assert_fits_phone(page)
