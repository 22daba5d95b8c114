"""The director prepares, previews and applies the rollover on a phone, and the new year's classes show on the
school structure page and the home page (Playwright)."""

from __future__ import annotations

import pytest

from xinhuo.core.models import Grade, SchoolYear
from xinhuo.core.tests.test_browser import DESKTOP, assert_fits_phone, log_in, nav_to
from xinhuo.rollover.models import RolloverRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def junior(world):
    """The world's school with 初二 and 初三 (no classes yet): its 初一 classes move up to 初二."""
    Grade.objects.create(school=world.school, name="初二", level=8)
    Grade.objects.create(school=world.school, name="初三", level=9)
    return world


def test_the_director_rolls_over_to_the_next_year_on_a_phone(new_page, junior):
    world = junior
    page = new_page()
    log_in(page, world.users["director"].username)
    nav_to(page, "/rollover/")
    page.wait_for_url("**/rollover/")
    assert_fits_phone(page)

    # prepare: the form comes filled in with the next year and its terms
    page.click("#rollover-prepare")
    page.wait_for_url("**/rollover/new/")
    assert page.input_value("input[name=name]") == "2027-2028学年"
    assert page.input_value("input[name=start]") == "2027-09-01"
    assert_fits_phone(page)
    page.fill("textarea[name=repeat]", world.student_z.student_no)  # 王小刚 repeats 初一
    with page.expect_navigation():
        page.click("#rollover-preview")

    # the preview: every line, nothing written yet
    run = RolloverRun.objects.get()
    assert run.status == "previewed"
    assert SchoolYear.objects.filter(school=world.school).count() == 1
    lines = page.locator("#rollover-lines ul.list-group > li")
    assert lines.count() == len(run.lines)
    promoted = page.locator("#rollover-lines ul.list-group > li", has_text="初一1班 → 初二1班")
    promoted.locator("summary").click()
    assert promoted.locator("li", has_text="初一1班 → 初二1班").is_visible()
    assert_fits_phone(page)

    # apply: the task runs (at once in tests) and the record says it is done, with an undo while allowed
    with page.expect_navigation():
        page.click("#rollover-apply")
    assert page.get_attribute("#rollover-status", "data-status") == "done"
    assert page.locator("#rollover-undo-button").is_visible()
    assert_fits_phone(page)

    # the new year is the current one, and its classes show on the structure page
    page.goto("/structure/")
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "2027-2028学年" in body
    for label in ("初一1班", "初一2班", "初二1班", "初二2班"):
        assert label in body
    assert_fits_phone(page)
    # and on the home page: the classes of the new year, 初一1班 now 初二1班 with its head teacher
    page.goto("/")
    row = page.locator("table tr", has_text="初二1班")
    assert row.count() == 1 and world.users["head_teacher_a"].display_name in row.inner_text()
    assert page.locator("table tr", has_text="初一1班").count() == 1  # the new, empty class for the intake
    assert_fits_phone(page)
    world.student_z.refresh_from_db()
    assert str(world.student_z.school_class) == "初一2班"  # repeating: the new 初一 class of their number

    desk = new_page(**DESKTOP)
    log_in(desk, world.users["director"].username)
    desk.goto(f"/rollover/{run.pk}/")
    assert desk.get_attribute("#rollover-status", "data-status") == "done"
    desk.goto("/structure/")
    assert "初二1班" in desk.inner_text("body")
