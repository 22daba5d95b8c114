"""A head teacher records a home visit on a phone, and its follow-up item appears on the committee's overview
(Playwright). Also: every care page fits a phone for the roles that use it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.care.groups.services import special_groups_for
from xinhuo.care.models import FollowUp, HomeVisit, SpecialGroup, StudentTag, TagSource
from xinhuo.core.tests.test_browser import assert_fits_phone, log_in, nav_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def left_behind(world):
    """student_x is a left-behind child (visited every 14 days) who has never had a home visit."""
    today = timezone.localdate()
    special_groups_for(world.school)
    StudentTag.objects.create(school=world.school, student=world.student_x,
                              group=SpecialGroup.objects.get(school=world.school, code="left_behind"),
                              source=TagSource.HEAD_TEACHER, identified_on=today - dt.timedelta(days=20),
                              review_on=today + dt.timedelta(days=160))
    return world


def test_a_head_teacher_records_a_home_visit_and_the_committee_sees_the_follow_up(new_page, left_behind):
    world = left_behind
    x = world.student_x
    page = new_page()
    log_in(page, world.users["head_teacher_a"].username)

    # the class's plan, from the navigation: the left-behind child is overdue (never visited)
    nav_to(page, "/care/visits/")
    page.wait_for_url("**/care/visits/")
    row = page.locator(f"#plan tr[data-student='{x.pk}']")
    assert row.get_attribute("data-status") == "overdue"
    assert page.locator(f"#plan tr[data-student='{world.student_z.pk}']").count() == 0, "another class's student"
    assert_fits_phone(page)

    # record the visit: a video call with the parents working far away, one follow-up item
    row.locator(f"[data-record='{x.pk}']").click()
    page.wait_for_url(f"**/care/visits/new/?student={x.pk}")
    assert_fits_phone(page)
    page.check("input[name=way][value=video]")
    page.check("input[name=visitor_kinds][value=head_teacher]")
    page.fill("input[name=visitors]", "陈老师")
    page.fill("textarea[name=findings]", "父母在外地务工，孩子由奶奶照顾，冬衣不足")
    page.fill("textarea[name=notes]", "奶奶身体不好，家中收入靠父母寄钱")
    page.fill("input[name=follow_up_1]", "申请冬衣和助学金")
    page.fill("input[name=due_on_1]", (timezone.localdate() + dt.timedelta(days=7)).isoformat())
    with page.expect_navigation():
        page.click("#visit-form button[type=submit]")
    visit = HomeVisit.objects.get(student=x)
    assert visit.way == "video" and visit.visited_on == timezone.localdate()
    assert visit.notes == "奶奶身体不好，家中收入靠父母寄钱"
    item = FollowUp.objects.get(home_visit=visit)
    assert item.text == "申请冬衣和助学金" and item.status == "open"

    # a future date is refused with a message, and nothing is written
    page.goto(f"/care/visits/new/?student={x.pk}")
    page.fill("input[name=visited_on]", (timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.check("input[name=way][value=home]")
    page.check("input[name=visitor_kinds][value=head_teacher]")
    page.fill("input[name=visitors]", "陈老师")
    with page.expect_navigation():
        page.click("#visit-form button[type=submit]")
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    assert HomeVisit.objects.filter(student=x).count() == 1

    # the committee's overview: the follow-up is open, the child no longer overdue
    committee = new_page()
    log_in(committee, world.users["director"].username)
    committee.goto("/care/")
    assert_fits_phone(committee)
    assert committee.locator("#fig-follow-ups .fs-3").inner_text() == "1"
    assert committee.locator("#fig-visit-overdue .fs-3").inner_text() == "0"
    committee.click("#fig-follow-ups")
    committee.wait_for_url("**/care/follow-ups/**")
    listed = committee.locator(f"tr[data-item='{item.pk}']")
    assert "申请冬衣和助学金" in listed.inner_text() and x.name in listed.inner_text()
    assert_fits_phone(committee)


CARE_PAGES = {
    "director": ["/care/", "/care/overview/tagged/", "/care/tags/", "/care/tags/new/", "/care/groups/",
                 "/care/support/", "/care/support/new/", "/care/support/reminders/", "/care/mentors/",
                 "/care/mentors/new/",
                 "/care/pairs/", "/care/pairs/new/", "/care/visits/", "/care/visits/history/", "/care/follow-ups/",
                 "/care/forums/", "/care/forums/new/", "/care/study/", "/care/study/new/", "/care/growth/"],
    "head_teacher_a": ["/care/", "/care/visits/", "/care/tags/", "/care/growth/"],
    "elder": ["/care/mentees/", "/care/study/"],
    "parent_x": ["/care/growth/", "/care/study/"],
}


@pytest.mark.parametrize("persona", list(CARE_PAGES))
def test_care_pages_fit_a_phone(new_page, left_behind, persona):
    page = new_page()
    log_in(page, left_behind.users[persona].username)
    for path in CARE_PAGES[persona]:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert_fits_phone(page)
