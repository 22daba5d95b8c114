"""Meetings on a phone (Playwright, 390×844): the invited elder opens the meeting from the notification in their
inbox and replies "will attend"; on the day the minute taker marks the attendance one tap per person."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinhuo.core.models import Notification
from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.governance.meetings.models import Attendance, Reply

from .meetings_support import circulated, started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_elder_replies_and_the_recorder_takes_attendance_on_a_phone(new_page, world):  # noqa: F811
    cache.clear()
    meeting = circulated(world)
    notice = Notification.objects.get(recipient=world.users["elder"], link__endswith=f"/meetings/{meeting.pk}/")

    elder = new_page()
    log_in(elder, world.users["elder"].username)
    elder.goto(f"/inbox/{notice.pk}/")
    with elder.expect_navigation():
        elder.click(f"a[href='{notice.link}']")
    assert elder.url.endswith(notice.link)
    assert_fits_phone(elder)
    elder.click("label[for=reply-yes]")
    elder.fill("#reply-note", "准时参加")
    with elder.expect_navigation():
        elder.click("#reply-send")
    invitation = meeting.invitations.get(user=world.users["elder"])
    assert (invitation.reply, invitation.reply_note) == (Reply.YES, "准时参加")
    assert elder.locator("#my-invitation [data-reply=yes]").count() == 1
    elder.goto("/governance/meetings/")
    assert elder.locator(f"[data-meeting='{meeting.pk}'] [data-my-reply=yes]").count() == 1
    assert_fits_phone(elder)

    started(meeting)
    recorder = new_page()
    log_in(recorder, world.users["head_teacher_a"].username)
    recorder.goto(f"/governance/meetings/{meeting.pk}/")
    with recorder.expect_navigation():
        recorder.click("#take-attendance")
    assert_fits_phone(recorder)
    for user, mark in ((world.users["elder"], "present"), (world.users["head_teacher_a"], "late")):
        row = recorder.locator(f"[data-invitee='{user.pk}']")
        with recorder.expect_navigation():
            row.locator(f"[data-mark={mark}]").click()
        recorder.locator(f"[data-invitee='{user.pk}'] [data-mark={mark}][aria-pressed=true]").wait_for()
    assert dict(meeting.invitations.values_list("user__username", "attendance")) == {
        "elder": Attendance.PRESENT, "teacher": Attendance.LATE}
    assert_fits_phone(recorder)
