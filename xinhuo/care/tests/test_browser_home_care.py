"""The care panels of the home page and the home-visit plan on a phone and a desktop (Playwright, issue 20): a head
teacher's classes first with the chart of their visits, the director's students needing attention with its chart,
and the director's plan of a whole school a few screens long on a phone, a full table on a desktop."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_student
from xinhuo.care.groups.services import special_groups_for
from xinhuo.care.models import SpecialGroup, StudentTag, TagSource
from xinhuo.core.tests.test_browser import DESKTOP, PHONE, assert_fits_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(world):
    """student_x (class A) and student_z (class B) are left-behind, never visited; 60 more students in class A."""
    today = timezone.localdate()
    special_groups_for(world.school)
    group = SpecialGroup.objects.get(school=world.school, code="left_behind")
    for student in (world.student_x, world.student_z):
        StudentTag.objects.create(school=world.school, student=student, group=group, source=TagSource.HEAD_TEACHER,
                                  identified_on=today - dt.timedelta(days=20), review_on=today + dt.timedelta(days=160))
    for i in range(60):
        make_student(world.school, world.class_a, f"B{i:04d}", f"学生{i}", seq=600 + i)
    return world


def drawn(page, box: str) -> None:
    page.locator(f"{box} .xh-chart[data-drawn='1']").wait_for()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_head_teacher_sees_their_class_first_with_a_chart(new_page, school, size):
    page = new_page(**size)
    log_in(page, school.users["head_teacher_a"].username)
    page.goto("/")
    classes = page.locator("#care-classes")
    classes.wait_for()
    card = classes.locator(f"[data-class='{school.class_a.pk}']")
    assert card.locator("[data-figure='class-visits-overdue']").inner_text() == "1"
    assert page.locator(f"#care-class-attention [data-student='{school.student_x.pk}']").count() == 1
    assert page.locator(f"[data-student='{school.student_z.pk}']").count() == 0, "another class's student"
    drawn(page, "#care-class-visits")
    assert page.locator("#care-attention").count() == 0
    assert_fits_phone(page)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_director_sees_the_students_needing_attention(new_page, school, size):
    page = new_page(**size)
    log_in(page, school.users["director"].username)
    page.goto("/")
    drawn(page, "#care-attention")
    assert page.locator("[data-figure='attention-visits']").inner_text() == "2"
    assert page.locator("#care-classes").count() == 0
    assert_fits_phone(page)
    with page.expect_navigation():
        page.locator("#care-attention a[href='/care/overview/visit_overdue/']").click()
    assert page.locator("#overview-rows [data-student]").count() == 2


def test_the_directors_visit_plan_is_a_few_screens_on_a_phone(new_page, school):
    page = new_page(**PHONE)
    log_in(page, school.users["director"].username)
    page.goto("/care/visits/")
    rows = page.locator("#plan tbody tr[data-student]")
    assert rows.count() == 50
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 5000, f"the plan is {height}px tall on a phone"  # 50 seven-line cards were 11,800 px
    first = rows.first.bounding_box()
    assert first is not None and first["height"] < 90, f"a student's row is {first['height']}px tall"
    assert_fits_phone(page)
    assert page.locator("a.page-link[href*='page=2']").count() == 1


def test_the_visit_plan_stays_a_full_table_on_a_desktop(new_page, school):
    page = new_page(**DESKTOP)
    log_in(page, school.users["director"].username)
    page.goto("/care/visits/")
    assert page.locator("#plan thead").is_visible()
    assert page.locator("#plan tbody tr").first.locator("td.plan-every").is_visible()
    drawn(page, "#plan-chart")
