"""Meetings (GOV-1), the pages: what each persona sees (a leading-group meeting's privacy), the invitee's reply, the
phone attendance list, the minutes as Word, the home panel and the menu, links to the forum and joint-meeting
records, and list pages whose query count does not grow with their rows."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from docx import Document

from xinhuo.core.tests.helpers import page_queries
from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.governance.meetings.models import Attendance, Meeting, Reply
from xinhuo.governance.tests.meetings_support import circulated, closed, raw_action, raw_meeting, started

LIST = reverse("governance:meeting-list")
ACTIONS = reverse("governance:meeting-actions")


def detail(m) -> str:
    return reverse("governance:meeting-detail", args=[m.pk])


def test_invitees_see_circulated_meetings_only(world):
    planned = raw_meeting(world, status="planned", title="筹备中的例会")
    out = raw_meeting(world, title="十月五老座谈会", kind="elders", invitees=("elder",), chair="director",
                      recorder="leader")
    assert world.client("elder").get(detail(planned)).status_code == 404
    assert world.client("elder").get(detail(out)).status_code == 200
    assert world.client("head_teacher_a").get(detail(planned)).status_code == 200  # the minute taker
    page = world.client("elder").get(LIST).content.decode()
    assert "十月五老座谈会" in page and "筹备中的例会" not in page
    assert "十月五老座谈会" not in world.client("counsellor").get(LIST).content.decode()


def test_leading_group_meeting_only_for_its_invitees_and_the_committee(world):
    leading = raw_meeting(world, kind="leading", title="第三次领导小组会议", invitees=("head_teacher_b",),
                          chair="director", recorder="leader")
    raw_action(world, leading, owner="counsellor")
    regular = raw_meeting(world, title="普通例会", invitees=("elder",))
    raw_action(world, regular, owner="counsellor")
    counsellor = world.client("counsellor")
    assert counsellor.get(detail(leading)).status_code == 404
    assert counsellor.get(detail(regular)).status_code == 200  # owns an action item of it
    page = counsellor.get(LIST).content.decode()
    assert "普通例会" in page and "第三次领导小组会议" not in page
    assert world.client("head_teacher_b").get(detail(leading)).status_code == 200
    assert world.client("elder").get(detail(leading)).status_code == 404


def test_reply_from_the_meeting_page(world):
    meeting = circulated(world)
    client = world.client("elder")
    page = client.get(detail(meeting)).content.decode()
    assert 'id="reply-form"' in page and 'id="invitee-list"' not in page  # an invitee sees no one else's reply
    response = client.post(reverse("governance:meeting-reply", args=[meeting.pk]), {"reply": "yes", "note": "准时到"})
    assert response.status_code == 302
    inv = meeting.invitations.get(user=world.users["elder"])
    assert (inv.reply, inv.reply_note) == (Reply.YES, "准时到")
    client.post(reverse("governance:meeting-reply", args=[meeting.pk]), {"reply": "later"})
    inv.refresh_from_db()
    assert inv.reply == Reply.YES  # a bad reply changes nothing
    assert 'data-reply="yes"' in world.client("head_teacher_a").get(detail(meeting)).content.decode()


def test_attendance_one_tap_per_person(world):
    meeting = started(circulated(world))
    client = world.client("head_teacher_a")
    url = reverse("governance:meeting-attendance", args=[meeting.pk])
    page = client.get(url).content.decode()
    inv = meeting.invitations.get(user=world.users["elder"])
    assert f'id="inv-{inv.pk}"' in page and 'data-mark="present"' in page
    response = client.post(url, {"invitation": inv.pk, "attendance": "present"})
    assert response.status_code == 302 and response["Location"].endswith(f"#inv-{inv.pk}")
    inv.refresh_from_db()
    assert inv.attendance == Attendance.PRESENT
    client.post(url, {"invitation": inv.pk, "attendance": "bogus"})
    inv.refresh_from_db()
    assert inv.attendance == Attendance.PRESENT


def test_closed_minutes_download_as_word(world):
    meeting = closed(world)
    response = world.client("elder").get(reverse("governance:meeting-docx", args=[meeting.pk]))
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text == "《十月关工委例会纪要》"


def test_home_panel_and_menu_for_an_action_items_owner(world):
    meeting = closed(world, owner="elder")
    home = world.client("elder").get(reverse("dashboard")).content.decode()
    assert 'id="meeting-actions-panel"' in home and "组织重阳节敬老活动" in home
    assert LIST in home  # the menu's entry
    assert LIST not in world.client("counsellor").get(reverse("dashboard")).content.decode()
    item = meeting.actions.get()
    item.due_on = timezone.localdate() - dt.timedelta(days=2)
    item.save()
    director_home = world.client("director").get(reverse("dashboard")).content.decode()
    assert f'data-overdue="{item.pk}"' in director_home


def test_close_an_action_item_from_the_list(world):
    meeting = closed(world, owner="elder")
    item = meeting.actions.get()
    client = world.client("elder")
    assert f'data-action="{item.pk}"' in client.get(ACTIONS).content.decode()
    client.post(reverse("governance:meeting-action-close", args=[item.pk]), {"note": ""})
    item.refresh_from_db()
    assert item.status == "open"
    client.post(reverse("governance:meeting-action-close", args=[item.pk]), {"note": "已组织完成"})
    item.refresh_from_db()
    assert item.status == "done" and item.closing_note == "已组织完成"


def test_plan_and_edit_a_meeting_through_the_form(world):
    client = world.client("director")
    start = timezone.localtime() + dt.timedelta(days=5)
    data = {"kind": "elders", "title": "五老座谈会", "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "活动室",
            "chair": world.users["leader"].pk, "recorder": world.users["head_teacher_a"].pk,
            "agenda": "听取五老意见", "invitees": [world.users["elder"].pk]}
    response = client.post(reverse("governance:meeting-new"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="五老座谈会")
    assert list(meeting.invitations.values_list("user", flat=True)) == [world.users["elder"].pk]
    bad = client.post(reverse("governance:meeting-new"), {**data, "invitees": [world.users["parent_x"].pk]})
    assert bad.status_code == 400
    assert Meeting.objects.filter(title="五老座谈会").count() == 1
    client.post(reverse("governance:meeting-step", args=[meeting.pk]), {"action": "circulate"})
    meeting.refresh_from_db()
    assert meeting.status == "circulated"


def test_forum_and_joint_meeting_records_are_linked(world):
    from xinhuo.care.models import Forum
    from xinhuo.community.models import JointMeeting

    forum = Forum.objects.create(school=world.school, held_on=timezone.localdate(), title="学生代表座谈会")
    joint = JointMeeting.objects.create(school=world.school, held_on=timezone.localdate(), place="社区会议室",
                                        topics="共建")
    students = raw_meeting(world, kind="students", title="学生座谈会")
    Meeting.objects.filter(pk=students.pk).update(forum=forum)
    page = world.client("director").get(detail(students)).content.decode()
    assert reverse("care:forum-detail", args=[forum.pk]) in page
    assert 'id="forum-link"' not in world.client("elder").get(detail(students)).content.decode()  # not in care
    partners = raw_meeting(world, kind="joint", title="联席会议")
    Meeting.objects.filter(pk=partners.pk).update(joint_meeting=joint)
    page = world.client("director").get(detail(partners)).content.decode()
    assert reverse("community:partners-meeting-detail", args=[joint.pk]) in page


def _queries(world, persona, url, make, n):
    for i in range(n):
        m = raw_meeting(world, title=f"例会{Meeting.objects.count()}-{i}")
        make(m)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client(persona)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_list_pages_keep_a_constant_query_count(world):
    for persona in ("director", "elder"):
        small = _queries(world, persona, LIST, lambda m: None, 2)
        large = _queries(world, persona, LIST, lambda m: None, 30)
        assert rows_add_no_query(small, large), persona
    small = _queries(world, "elder", ACTIONS, lambda m: raw_action(world, m), 2)
    large = _queries(world, "elder", ACTIONS, lambda m: raw_action(world, m), 30)
    assert rows_add_no_query(small, large)
    assert page_queries(world.client("director"), reverse("governance:meeting-series")) < 20


def test_action_items_on_the_plans_my_tasks_page(world):
    meeting = closed(world, owner="head_teacher_a")
    item = meeting.actions.get()
    client = world.client("head_teacher_a")
    page = client.get(reverse("plans:tasks"), {"scope": "mine"}).content.decode()
    assert 'id="meeting-actions-panel"' in page and f'data-action="{item.pk}"' in page
    assert 'id="meeting-actions-panel"' not in world.client("leader").get(reverse("plans:tasks")).content.decode()
