"""Issue 20: in elder-friendly mode a list page shows the list first and its filters after it (app.css: a filter form
straight inside <main> takes CSS order 1), on a phone; in the standard mode the filters stay on top."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import assert_fits_phone, browser, log_in, new_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tops(page, url: str) -> tuple[float, float]:
    page.goto(url)
    form = page.locator("#main > form[role=search]")
    table = page.locator("#student-table")
    table.wait_for()
    return form.bounding_box()["y"], table.bounding_box()["y"]


def test_elder_mode_puts_a_lists_filters_after_the_list(new_page, world):  # noqa: F811
    user = world.users["director"]
    page = new_page()  # a phone
    log_in(page, user.username)
    form_top, list_top = tops(page, "/people/students/")
    assert form_top < list_top, "standard mode: the filters above the list"

    user.elder_mode = True
    user.save(update_fields=["elder_mode"])
    form_top, list_top = tops(page, "/people/students/")
    assert page.locator("body.elder-mode").count() == 1
    assert form_top > list_top, "elder-friendly mode: the list first, its filters after it"
    assert_fits_phone(page)
