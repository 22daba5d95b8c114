"""The issue's journey (Playwright, phone-sized): a head teacher sends a notice asking for a yes/no reply to their
class; a parent finds it on the home page, reads it and replies; the teacher sees who has not read it yet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.core.tests.test_browser import assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.family.notices.models import FamilyNotice, FamilyNoticeRecipient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_sends_parent_replies_teacher_sees_who_has_not_read(new_page, world):  # noqa: F811
    teacher = new_page()
    log_in(teacher, world.users["head_teacher_a"].username)
    teacher.goto("/family/notices/new/")
    assert_fits_phone(teacher)
    teacher.fill("#id_title", "期中考试家长会通知")
    teacher.fill("#id_body", "定于本周六上午九点在本班教室召开家长会，请回执是否参加。")
    teacher.check("input[name=audience][value=classes]")
    teacher.check(f"input[name=classes][value='{world.class_a.pk}']")
    teacher.check("input[name=reply_kind][value=yes_no]")
    deadline = timezone.localtime(timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    teacher.fill("#id_reply_deadline", deadline)
    with teacher.expect_navigation():
        teacher.click("#notice-send")
    notice = FamilyNotice.objects.get()
    assert teacher.url.endswith(f"/family/notices/{notice.pk}/")
    teacher.reload()
    assert teacher.locator("[data-figure=total]").inner_text() == "2"
    assert teacher.locator("[data-figure=unread]").inner_text() == "2"
    assert_fits_phone(teacher)

    parent = new_page()
    log_in(parent, world.users["parent_x"].username)
    parent.goto("/")
    panel = parent.locator("#family-notices-panel")
    assert panel.is_visible() and panel.locator("[data-figure=family-notices-unread]").inner_text() == "1"
    with parent.expect_navigation():
        panel.click()
    with parent.expect_navigation():
        parent.click(f"[data-notice='{notice.pk}']")
    assert "家长会" in parent.locator(".notice-body").inner_text()
    assert_fits_phone(parent)
    with parent.expect_navigation():
        parent.click(f"#reply-yes-{world.student_x.pk}")
    assert parent.locator(f"#reply-given-{world.student_x.pk}").is_visible()
    row = FamilyNoticeRecipient.objects.get(notice=notice, student=world.student_x)
    assert row.agree is True and row.read_by == world.users["parent_x"]

    teacher.goto(f"/family/notices/{notice.pk}/?show=unread")
    families = teacher.locator("#families")
    assert world.student_y.name in families.inner_text() and world.student_x.name not in families.inner_text()
    teacher.goto(f"/family/notices/{notice.pk}/")
    assert teacher.locator("[data-figure=read]").inner_text() == "1"
    assert teacher.locator("[data-figure=replied]").inner_text() == "1"
    assert teacher.locator("#receipts-chart").get_attribute("data-drawn") == "1"
    assert_fits_phone(teacher)
