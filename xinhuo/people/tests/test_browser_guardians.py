"""A head teacher adds a second guardian to a student of their class and makes them the primary contact, on a phone
(390×844) and on a desktop (Playwright). Links are picked by id and href, not by their label."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import DESKTOP, PHONE, assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.people.models import Guardian, StudentGuardian

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_head_teacher_adds_a_second_guardian_and_makes_them_the_primary_contact(new_page, world, screen):  # noqa: F811
    x = world.student_z  # 王小刚, class B: one guardian (his father, the primary contact)
    father = world.guardian_z
    page = new_page(**screen)
    log_in(page, world.users["head_teacher_b"].username)

    page.goto(f"/people/students/{x.pk}/")
    page.click("#manage-guardians")
    page.wait_for_url(f"**/people/students/{x.pk}/guardians/")
    assert page.locator("#guardians [data-guardian]").count() == 1
    assert_fits_phone(page)

    page.click("#guardian-add")
    page.wait_for_url(f"**/people/students/{x.pk}/guardians/add/")
    assert_fits_phone(page)
    # a wrong number first: refused on the form, nothing written
    page.fill("input[name=name]", "王妈妈")
    page.select_option("select[name=relation]", "mother")
    page.fill("input[name=phone]", "1391234")
    page.fill("input[name=work_unit]", "镇卫生院")
    with page.expect_navigation():
        page.click("#guardian-form button[type=submit]:not([name])")
    assert page.locator(".invalid-feedback").count() >= 1
    assert not Guardian.objects.filter(name="王妈妈").exists()
    page.fill("input[name=phone]", "139 1234 0000")
    with page.expect_navigation():
        page.click("#guardian-form button[type=submit]:not([name])")
    page.wait_for_url(f"**/people/students/{x.pk}/guardians/")
    mother = Guardian.objects.get(name="王妈妈")
    assert mother.phone == "13912340000" and mother.work_unit == "镇卫生院"
    row = page.locator(f"#guardians [data-guardian='{mother.pk}']")
    assert row.locator(".primary-badge").count() == 0  # the father is still the primary contact
    assert "139****0000" in row.inner_text()
    assert_fits_phone(page)

    with page.expect_navigation():
        row.locator("form.make-primary button").click()
    assert page.locator(f"#guardians [data-guardian='{mother.pk}'] .primary-badge").count() == 1
    assert page.locator(f"#guardians [data-guardian='{father.pk}'] .primary-badge").count() == 0
    assert list(StudentGuardian.objects.filter(student=x, is_primary=True).values_list("guardian_id", flat=True)) \
        == [mother.pk]
    assert_fits_phone(page)

    # another class's student has no such page for this head teacher
    response = page.goto(f"/people/students/{world.student_x.pk}/guardians/")
    assert response is not None and response.status == 404
