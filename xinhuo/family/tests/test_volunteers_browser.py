"""A parent accepts a volunteer invitation on a phone (Playwright): the inbox says they are invited, its link opens
the duty, one tap accepts; their page then lists the duty as accepted and the organiser sees it."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.family.models import ResponseStatus, VolunteerResponse
from xinhuo.family.tests.matrix_volunteers import activity, offer, request
from xinhuo.family.volunteers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_accepts_an_invitation_on_a_phone(new_page, world):  # noqa: F811
    offer(world)
    req = request(world, activity(world, "冬季趣味运动会"), kind="support", needed=3)
    services.request_invite(actor=world.actor("head_teacher_a"), request=req, guardians=[world.guardian_x])

    page = new_page()
    log_in(page, world.users["parent_x"].username)
    page.goto("/inbox/")
    with page.expect_navigation():
        page.get_by_text("冬季趣味运动会").first.click()  # the notice in the inbox
    with page.expect_navigation():
        page.click(f"a[href*='/family/volunteers/requests/{req.pk}/']")  # its link opens the duty
    assert "冬季趣味运动会" in page.locator("h1").inner_text()
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("#accept")
    assert page.locator("#my-status").get_attribute("data-status") == "accepted"
    assert_fits_phone(page)
    assert VolunteerResponse.objects.get(request=req).status == ResponseStatus.ACCEPTED

    page.goto("/family/volunteers/me/")
    assert page.locator(f"#invitation-{req.pk}").get_attribute("data-status") == "accepted"
    assert page.locator(f"#invitation-{req.pk} [data-withdraw]").is_visible()
    assert_fits_phone(page)
