"""Meetings over the API (GOV-1): one's meetings, a reply from a phone (POST or PATCH), the attendance marked by the
minute taker, an action item closed with a note; the same rules and messages as the pages."""

from __future__ import annotations

from django.urls import reverse

from xinhuo.core.tests.helpers import msg, patch, post
from xinhuo.governance.meetings.models import Attendance, Reply
from xinhuo.governance.tests.meetings_support import circulated, closed, raw_meeting, started


def test_my_meetings_and_the_detail(world):
    meeting = circulated(world)
    raw_meeting(world, status="planned", title="未发出的会议")
    data = world.client("elder").get(reverse("api:meetings-meeting-list")).json()
    assert [r["title"] for r in data["results"]] == ["十月关工委例会"]
    assert data["results"][0]["my_reply"] == Reply.PENDING
    one = world.client("elder").get(reverse("api:meetings-meeting-detail", args=[meeting.pk])).json()
    assert one["agenda"].startswith("通报九月工作") and one["my_invitation"]["reply"] == Reply.PENDING
    assert one["invitations"] is None  # others' replies are the organisers'
    full = world.client("head_teacher_a").get(reverse("api:meetings-meeting-detail", args=[meeting.pk])).json()
    assert len(full["invitations"]) == 2
    assert world.client("counsellor").get(reverse("api:meetings-meeting-detail", args=[meeting.pk])).status_code == 404


def test_reply_from_a_phone(world):
    meeting = circulated(world)
    url = reverse("api:meetings-meeting-reply", args=[meeting.pk])
    response = post(world, "elder", url, {"reply": "yes", "note": "会准时到"})
    assert response.status_code == 200 and response.json()["reply"] == "yes"
    response = patch(world, "elder", url, {"reply": "maybe"})
    assert response.status_code == 200
    assert meeting.invitations.get(user=world.users["elder"]).reply == Reply.MAYBE
    assert post(world, "director", url, {"reply": "yes"}).status_code == 404  # not invited
    started(meeting)
    response = post(world, "elder", url, {"reply": "no"})
    assert response.status_code == 400
    assert msg("The meeting has started: replies are closed.") in str(response.json())


def test_attendance_marked_by_the_minute_taker(world):
    meeting = started(circulated(world))
    inv = meeting.invitations.get(user=world.users["elder"])
    url = reverse("api:meetings-meeting-attendance", args=[meeting.pk])
    assert post(world, "elder", url, {"invitation": inv.pk, "attendance": "present"}).status_code == 404
    response = post(world, "head_teacher_a", url, {"invitation": inv.pk, "attendance": "excused"})
    assert response.status_code == 200 and response.json()["attendance"] == "excused"
    inv.refresh_from_db()
    assert inv.attendance == Attendance.EXCUSED
    other = raw_meeting(world, title="另一个会")
    stranger = other.invitations.get(user=world.users["elder"])
    response = post(world, "head_teacher_a", url, {"invitation": stranger.pk, "attendance": "present"})
    assert response.status_code == 400


def test_close_an_action_item(world):
    meeting = closed(world, owner="elder")
    item = meeting.actions.get()
    listed = world.client("elder").get(reverse("api:meetings-action-list")).json()["results"]
    assert [r["id"] for r in listed] == [item.pk]
    url = reverse("api:meetings-action-close", args=[item.pk])
    response = post(world, "elder", url, {"note": ""})
    assert response.status_code == 400
    assert msg("Say how it was done (a closing note).") in str(response.json())
    assert post(world, "elder", url, {"note": "不做了", "drop": True}).status_code == 404
    response = post(world, "elder", url, {"note": "活动已办"})
    assert response.status_code == 200 and response.json()["status"] == "done"
    overdue = world.client("director").get(reverse("api:meetings-action-list"), {"scope": "all",
                                                                                   "status": "overdue"}).json()
    assert overdue["results"] == []
