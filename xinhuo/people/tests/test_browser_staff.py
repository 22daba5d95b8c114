"""The director records a teacher leaving on a phone (390×844) and hands their plan task and mentee to another
teacher in one step (Playwright, issue 19)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.care.models import MentoringPair
from xinhuo.core.tests.test_browser import assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.people.models import Staff
from xinhuo.people.tests import staffwork
from xinhuo.plans.models import PlanTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_records_a_teacher_leaving_and_hands_over_their_work(new_page, world):  # noqa: F811
    work = staffwork.build(world)
    page = new_page()
    log_in(page, world.users["director"].username)

    page.goto("/people/staff/")
    assert_fits_phone(page)
    page.click(f"a[href='/people/staff/{world.staff_a.pk}/']")
    page.wait_for_url(f"**/people/staff/{world.staff_a.pk}/")
    page.click("#staff-leave-link")
    page.wait_for_url(f"**/people/staff/{world.staff_a.pk}/leave/")
    assert_fits_phone(page)

    # the open work of every module is listed; the plan task and the mentee are ticked, the rest stays
    page.check(f"input[name=items][value='plans.plantask:{work.task.pk}']")
    page.check(f"input[name=items][value='care.mentoringpair:{work.pair.pk}']")
    assert page.locator(f"input[name=items][value='clubs.club:{work.club.pk}']").count() == 1

    # nobody chosen to take over: refused with a message, nothing written, the ticks kept
    page.fill("input[name=reason]", "调往区教育局")
    with page.expect_navigation():
        page.click("#staff-leave-submit")
    assert page.locator(".invalid-feedback").count() >= 1
    assert page.locator(f"input[name=items][value='plans.plantask:{work.task.pk}']").is_checked()
    assert Staff.objects.get(pk=world.staff_a.pk).active
    assert_fits_phone(page)

    page.select_option("select[name=to_staff]", str(work.colleague.pk))
    page.fill("input[name=reason]", "调往区教育局")
    with page.expect_navigation():
        page.click("#staff-leave-submit")
    page.wait_for_url(f"**/people/staff/{world.staff_a.pk}/")
    assert page.locator("#staff-left").is_visible()

    staff = Staff.objects.get(pk=world.staff_a.pk)
    assert not staff.active and staff.left_on == timezone.localdate()
    assert PlanTask.objects.get(pk=work.task.pk).owner == world.users["head_teacher_b"]
    assert MentoringPair.objects.get(pk=work.pair.pk).ended_on == timezone.localdate()
    assert MentoringPair.objects.get(student=world.student_x, ended_on__isnull=True).mentor.staff == work.colleague
    assert work.club.__class__.objects.get(pk=work.club.pk).advisor_user == world.users["head_teacher_a"]
