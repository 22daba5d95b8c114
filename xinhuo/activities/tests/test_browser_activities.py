"""The activity journey (ACT-1, ACT-4, ACT-5; Playwright): a teacher applies, a leader approves on a phone, students
sign up (the second on the waiting list), the organiser starts the activity, checks the student in on a phone and
writes the summary; the hours reach the student's growth record."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityStatus, SignUp
from xinhuo.care.models import GrowthEntry
from xinhuo.core.tests.test_browser import DESKTOP, assert_fits_phone, log_in, nav_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_application_to_summary(new_page, world):
    today = timezone.localdate().isoformat()

    # a teacher applies at a desk: today, open to class 1, one place, two service hours
    page = new_page(**DESKTOP)
    log_in(page, world.users["head_teacher_a"].username)
    page.goto("/activities/new/")
    page.fill("#id_title", "学雷锋志愿服务")
    page.select_option("#id_kind", "volunteer")
    assert page.locator("#id_route").is_hidden(), "a study trip's fields stay hidden for other kinds"
    page.fill("#id_starts_at", f"{today}T00:05")
    page.fill("#id_ends_at", f"{today}T23:55")
    page.check("#id_off_day_confirmed")  # today may be a weekend: confirmed either way
    page.fill("#id_place", "城关社区")
    page.select_option("#id_audience_classes", [str(world.class_a.pk)])
    page.check("#id_signup_open")
    page.fill("#id_capacity", "1")
    page.fill("#id_service_hours", "2")
    with page.expect_navigation():
        page.click("#activity-form button[type=submit]")
    activity = Activity.objects.get(title="学雷锋志愿服务")
    assert activity.status == ActivityStatus.APPLIED and page.url.endswith(f"/activities/{activity.pk}/")
    assert page.locator("#approve").count() == 0, "the applicant does not approve their own application"

    # the leader approves on a phone, from the list's "waiting for your approval"
    phone = new_page()
    log_in(phone, world.users["leader"].username)
    nav_to(phone, "/activities/")
    phone.wait_for_url("**/activities/")
    phone.click(f"#awaiting a[href='/activities/{activity.pk}/']")
    phone.wait_for_url(f"**/activities/{activity.pk}/")
    assert_fits_phone(phone)
    phone.fill("#step-comment", "同意，注意交通安全")
    with phone.expect_navigation():
        phone.click("#approve")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED

    # two students of class 1 sign up on their phones: one place, so the second waits
    for persona in ("student_x", "student_y"):
        student_page = new_page()
        log_in(student_page, world.users[persona].username)
        student_page.goto(f"/activities/{activity.pk}/")
        with student_page.expect_navigation():
            student_page.click("#my-signup button.btn-danger")
        assert_fits_phone(student_page)
    assert SignUp.objects.get(activity=activity, student=world.student_x).status == "signed_up"
    assert SignUp.objects.get(activity=activity, student=world.student_y).status == "waiting"
    assert "候补" in student_page.locator("#my-signup").inner_text()

    # the organiser, on a phone: start, check the student in, write the summary
    organiser = new_page()
    log_in(organiser, world.users["head_teacher_a"].username)
    organiser.goto(f"/activities/{activity.pk}/checkin/")
    with organiser.expect_navigation():
        organiser.click("#start")
    signup = SignUp.objects.get(activity=activity, student=world.student_x)
    organiser.goto(f"/activities/{activity.pk}/checkin/")
    row = organiser.locator(f"#checkin-{signup.pk}")
    row.locator("button").click()
    organiser.locator(f"#checkin-{signup.pk} button[aria-pressed=true]").wait_for()
    assert organiser.locator("#present-count").inner_text() == "1/1"
    assert_fits_phone(organiser)
    with organiser.expect_navigation():
        organiser.click("#summarise")
    assert organiser.locator("#id_participants").input_value() == "1", "the check-ins give the number"
    organiser.fill("#id_summary", "同学们清扫街道，慰问孤寡老人。")
    with organiser.expect_navigation():
        organiser.click("#summary-form button[type=submit]")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUMMARISED and activity.participants == 1
    assert "同学们清扫街道" in organiser.locator("#summary").inner_text()
    entry = GrowthEntry.objects.get(student=world.student_x, source_ref__startswith=f"activity:{activity.pk}:")
    assert entry.hours == 2
    assert not GrowthEntry.objects.filter(student=world.student_y, source_ref__startswith="activity:").exists()


def test_activity_pages_fit_a_phone(new_page, world):
    """The list, the calendar (a list of days on a phone), the application form and the news on a 390-px screen."""
    from xinhuo.activities.tests import helpers as h

    activity = h.published(world)
    page = new_page()
    log_in(page, world.users["head_teacher_a"].username)
    for path in ("/activities/", "/activities/?when=all", "/activities/calendar/", "/activities/calendar/?view=list",
                 "/activities/new/", f"/activities/{activity.pk}/", f"/activities/{activity.pk}/summary/", "/news/"):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_fits_phone(page)
    page.goto("/activities/calendar/")
    assert page.locator("#calendar-grid").is_hidden(), "the month grid is for wider screens"
    assert page.locator(f"#calendar-days [data-activity='{activity.pk}']").is_visible()
