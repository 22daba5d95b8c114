"""A parent on a phone (Playwright): opens the parent school, picks the coming session, registers for their
child's family, and finds it in "my parent school"; every page fits the phone's width."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.family.models import SessionRegistration

from .test_school_support import make_course, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_registers_on_a_phone_and_sees_it_in_their_record(new_page, world):  # noqa: F811
    session = make_session(world, make_course(world, title="青春期心理与亲子沟通"), topic="读懂青春期的孩子")
    page = new_page()
    log_in(page, world.users["parent_x"].username)
    page.goto("/family/school/")
    assert_fits_phone(page)
    page.click(f"li[data-session='{session.pk}'] a")
    page.wait_for_selector("#register-form")
    assert_fits_phone(page)
    assert page.locator("#register-form input[type=radio]").first.is_checked()  # the only child, chosen
    with page.expect_navigation():
        page.click("#register")
    assert page.locator("#my-registration").is_visible()
    page.goto("/family/school/mine/")
    assert "读懂青春期的孩子" in page.locator("#my-upcoming").inner_text()
    assert_fits_phone(page)
    row = SessionRegistration.objects.get()
    assert (row.guardian_id, row.student_id, row.cancelled_at) == (world.guardian_x.pk, world.student_x.pk, None)
