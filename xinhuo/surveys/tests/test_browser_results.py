"""The committee sees a survey's charts (Playwright, Debian's Chromium): the director opens the results on a desktop
and on a phone, the ECharts canvases are drawn from the page's embedded data, a single-choice chart switches to a
pie, the tables stay for screen readers (and show without JavaScript), and nothing scrolls sideways on a phone."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import DESKTOP, assert_fits_phone, browser, log_in, new_page  # noqa: F401

from .results_support import known_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ("chart-q1", "chart-q2", "chart-q3", "chart-q4", "chart-q5", "chart-q9")


def drawn(page, chart_id: str) -> bool:
    return page.evaluate("""(id) => {
        const c = document.querySelector('#' + id + ' canvas');
        return !!c && c.width > 0 && c.height > 0;
    }""", chart_id)


def test_the_director_sees_the_charts_on_desktop_and_phone(new_page, world):  # noqa: F811
    survey = known_survey(world, anonymous=False)
    url = f"/surveys/manage/{survey.pk}/results/"
    for options in (DESKTOP, None):
        page = new_page(**(options or {}))
        log_in(page, world.users["director"].username)
        page.goto(url)
        for chart in CHARTS:
            page.locator(f"#{chart} canvas").first.wait_for()
            assert drawn(page, chart), f"{chart} has no drawn canvas"
            assert page.get_attribute(f"#{chart}", "aria-hidden") == "true"
            # the table is still there for screen readers, only hidden from the eye
            assert "visually-hidden" in page.get_attribute(f'.chart-table[data-for="{chart}"]', "class")
        page.locator("#q-q1 .chart-pie").click()  # the single choice as a pie, and back
        assert drawn(page, "chart-q1")
        if options is None:
            assert_fits_phone(page)


def test_without_javascript_the_tables_show(browser, live_server, world):  # noqa: F811
    survey = known_survey(world, anonymous=False)
    ctx = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="zh-CN")
    try:
        page = ctx.new_page()
        log_in(page, world.users["director"].username)
        page.goto(f"/surveys/manage/{survey.pk}/results/")
        table = page.locator('.chart-table[data-for="chart-q1"]')
        assert table.is_visible() and "满意" in table.inner_text()
        assert page.locator("#chart-q1 canvas").count() == 0
    finally:
        ctx.close()
