"""Each role's first minute (issue 20's "done when"): in the demo school, every role logs in and lands on a home
page with its own panels and at least one drawn chart, on a desktop at 1280 px and on a phone at 390 px, with nothing
wider than the screen and the navigation's labels on one line.

One test builds the small demo school once and walks the seven roles, because the demo is what a school first
sees and what the home pages were made to tell."""

from __future__ import annotations

import pytest

from .test_browser import DESKTOP, PHONE, assert_fits_phone, browser, log_in, new_page  # noqa: F401 (fixtures)
from .test_navigation_browser import CONTRAST, MEASURE_MENU

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Demo-Pass-2026"
# the README's accounts, by the role each stands for
ROLES = ["director", "teacher", "counsellor", "finance", "elder", "parent", "student"]


def home_panels(page) -> dict:
    return page.evaluate(
        """() => ({
            charts: document.querySelectorAll('.xh-chart[data-drawn] canvas').length,
            panels: document.querySelectorAll('main .card').length,
        })"""
    )


def test_every_role_lands_on_a_home_page_of_its_own_with_a_chart(new_page, live_server):  # noqa: F811
    from xinhuo.core.demo import build_demo

    build_demo(size="small", password=PASSWORD)
    for options in (DESKTOP, PHONE):
        for username in ROLES:
            page = new_page(**options)
            log_in(page, username, PASSWORD)
            page.goto("/")
            page.locator(".xh-chart[data-drawn] canvas").first.wait_for()
            seen = home_panels(page)
            width = options["viewport"]["width"]
            assert seen["charts"] >= 1, f"{username} at {width}px: no chart on the home page"
            assert seen["panels"] >= 2, f"{username} at {width}px: the home page has {seen['panels']} panels"
            if width > 992:  # the sidebar (on a phone the menu is closed behind its button)
                wrapped = [m["label"] for m in page.evaluate(MEASURE_MENU) if m["rows"] > 1]
                assert not wrapped, f"{username} at {width}px: navigation labels wrap: {wrapped}"
            # the elder's account starts in elder-friendly mode: larger text and 7:1
            least = 7.0 if username == "elder" else 4.5
            faint = [t for t in page.evaluate(CONTRAST) if t["ratio"] < least]
            assert not faint, f"{username} at {width}px: text below {least}:1: {faint[:5]}"
            assert_fits_phone(page)
            page.context.close()
