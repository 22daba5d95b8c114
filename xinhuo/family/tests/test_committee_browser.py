"""On a phone (Playwright): a head teacher opens their class's committee from the dashboard, adds a parent of the
class as chair, and sees the member listed with the full phone; the parent then finds the committee on their phone
with the next meeting, nothing wider than the screen."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.core.tests.test_browser import assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.family.committee.models import CommitteeSeat

from .matrix_committee import make_committee, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_teacher_adds_a_member_on_a_phone(new_page, world):  # noqa: F811
    committee = make_committee(world)
    make_meeting(committee, held_on=dt.date(2099, 1, 10), title="期末班级家委会会议")
    page = new_page()
    log_in(page, world.users["head_teacher_a"].username)
    page.goto("/")
    panel = page.locator("#class-committee-panel")
    assert panel.is_visible()
    with page.expect_navigation():
        panel.locator("a").first.click()
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("#seat-add")
    options = page.locator("#seat-form select[name=guardian] option").all_inner_texts()
    assert any("张大明" in o for o in options) and not any("王大刚" in o for o in options)
    page.select_option("#seat-form select[name=guardian]", str(world.guardian_x.pk))
    page.select_option("#seat-form select[name=position]", "chair")
    page.fill("#seat-form textarea[name=duties]", "家校沟通")
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("#seat-form button[type=submit]")
    row = page.locator(f"#seats [data-seat='{CommitteeSeat.objects.get().pk}']")
    assert "张大明" in row.inner_text() and "13812345678" in row.inner_text()
    assert_fits_phone(page)

    parent = new_page()
    log_in(parent, world.users["parent_x"].username)
    parent.goto("/")
    assert "期末班级家委会会议" in parent.locator("#committee-panel").inner_text()
    parent.goto("/family/committees/")
    assert parent.locator("#my-seats").is_visible()
    assert_fits_phone(parent)
