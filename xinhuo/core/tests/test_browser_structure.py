"""Browser check of the structure's edit pages (issue 19): the director moves a class to another grade on a phone,
confirms the question that its students move with it, and the class keeps them."""

from __future__ import annotations

import pytest

from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.tests.test_browser import assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.people.models import Student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_moves_a_class_to_another_grade_on_a_phone(new_page, world):  # noqa: F811
    grade8 = Grade.objects.create(school=world.school, name="初二", level=8)
    page = new_page()
    log_in(page, "director")
    page.goto("/structure/")
    assert_fits_phone(page)
    page.click(f"a[href='/structure/classes/{world.class_a.pk}/']")
    page.wait_for_url(f"**/structure/classes/{world.class_a.pk}/")
    assert_fits_phone(page)
    page.select_option("select[name=grade]", str(grade8.pk))
    questions: list[str] = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.click("form[data-confirm] button.btn-danger")
    page.wait_for_url("**/structure/")
    assert questions and "2" in questions[0]  # the question says how many students move with the class
    assert page.locator(".alert").first.is_visible()
    moved = SchoolClass.objects.get(pk=world.class_a.pk)
    assert moved.grade == grade8
    assert set(Student.objects.filter(school_class=moved)) == {world.student_x, world.student_y}
