"""The director adds a transfer-in student and moves them to another class, on a desktop and on a phone (390×844)
(Playwright, issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.core import idcard
from xinhuo.core.tests.test_browser import DESKTOP, PHONE, assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.people import history
from xinhuo.people.models import Student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_director_adds_a_transfer_in_and_moves_them_to_another_class(new_page, world, screen):  # noqa: F811
    page = new_page(**screen)
    log_in(page, world.users["director"].username)
    page.goto("/people/students/")
    page.click("#student-add")
    page.wait_for_url("**/people/students/add/")
    if screen is PHONE:
        assert_fits_phone(page)

    number = idcard.make("110105", dt.date(2013, 3, 9), 7, True)
    page.fill("input[name=name]", "孙转入")
    page.check("input[name=gender][value=M]")
    page.fill("input[name=student_no]", "2026100")
    page.select_option("select[name=school_class]", str(world.class_a.pk))
    # a typing mistake in the ID card's last character: refused with the checksum's message, nothing added
    page.fill("input[name=id_card]", number[:17] + ("0" if number[17] != "0" else "1"))
    page.fill("input[name=reason]", "从青松中学转入")
    page.fill("input[name=guardian_name]", "孙大海")
    page.select_option("select[name=guardian_relation]", "father")
    page.fill("input[name=guardian_phone]", "13611112222")
    with page.expect_navigation():
        page.click("#student-form button[type=submit]")
    assert "GB 11643" in page.locator(".invalid-feedback").first.inner_text()
    assert not Student.objects.filter(student_no="2026100").exists()

    page.fill("input[name=id_card]", number)
    with page.expect_navigation():
        page.click("#student-form button[type=submit]")
    student = Student.objects.get(student_no="2026100")
    page.wait_for_url(f"**/people/students/{student.pk}/")
    assert student.birth_date == dt.date(2013, 3, 9) and student.school_class_id == world.class_a.pk
    assert "初一1班" in page.locator("#class-history").inner_text()
    if screen is PHONE:
        assert_fits_phone(page)

    page.click(f"#student-actions a[href='/people/students/{student.pk}/move/']")
    page.wait_for_url(f"**/people/students/{student.pk}/move/")
    page.select_option("select[name=school_class]", str(world.class_b.pk))
    page.fill("input[name=reason]", "家长申请调班")
    with page.expect_navigation():
        page.click("#student-move-form button[type=submit]")
    page.wait_for_url(f"**/people/students/{student.pk}/")
    assert "初一1班 → 初一2班" in page.locator("#class-history").inner_text()
    if screen is PHONE:
        assert_fits_phone(page)
    assert Student.objects.get(pk=student.pk).school_class_id == world.class_b.pk
    assert [step.kind for step in history.of_student(student)] == ["joined", "moved"]
