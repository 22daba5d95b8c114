"""The committee part's pages and API: a head teacher sets up their class committee and records a meeting, the
committee approves; lists keep their query count whatever their length; the dashboard panels."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.family.committee.models import CommitteeMeeting, CommitteeSeat, MutualHelpMember, ParentCommittee

from .matrix_committee import make_committee, make_group, make_meeting, make_member, make_seat


def test_a_head_teacher_creates_the_class_committee_and_adds_a_member(world):
    c = world.client("head_teacher_a")
    page = c.get(reverse("family:committee-new")).content.decode()
    assert "初一2班" not in page  # only their class is offered
    response = c.post(reverse("family:committee-new"), {"level": "class", "school_class": world.class_a.pk})
    committee = ParentCommittee.objects.get()
    assert response.status_code == 302 and committee.school_class == world.class_a
    form = c.get(reverse("family:committee-seat-add", args=[committee.pk])).content.decode()
    assert "张大明（张小明" in form and "王大刚" not in form  # the parents of class A only
    response = c.post(reverse("family:committee-seat-add", args=[committee.pk]), {
        "guardian": world.guardian_x.pk, "position": "chair", "duties": "家校沟通", "term_from": "2026-09-15"})
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get()
    assert (seat.guardian, seat.position) == (world.guardian_x, "chair")
    # a parent of class B is refused by name: nothing written, the form again
    response = c.post(reverse("family:committee-seat-add", args=[committee.pk]), {
        "guardian": world.guardian_z.pk, "position": "member", "term_from": "2026-09-15"})
    assert response.status_code == 400 and CommitteeSeat.objects.count() == 1


def test_a_school_committee_member_is_picked_by_class(world):
    committee = make_committee(world, level="school")
    c = world.client("director")
    url = reverse("family:committee-seat-add", args=[committee.pk])
    assert "王大刚" not in c.get(url).content.decode()
    assert "王大刚" in c.get(url, {"school_class": world.class_b.pk}).content.decode()
    response = c.post(url, {"school_class": world.class_b.pk, "guardian": world.guardian_z.pk,
                            "position": "secretary", "term_from": "2026-09-15"})
    assert response.status_code == 302
    assert CommitteeSeat.objects.get().guardian == world.guardian_z


def test_ending_a_term_keeps_the_member_listed_for_the_managers(world):
    committee = make_committee(world)
    seat = make_seat(committee, world.guardian_x, "chair")
    c = world.client("director")
    c.post(reverse("family:committee-seat-end", args=[seat.pk]), {"ended_on": "2026-11-30", "note": "工作调动"})
    assert CommitteeSeat.objects.get(pk=seat.pk).ended_on == dt.date(2026, 11, 30)
    page = c.get(reverse("family:committee-detail", args=[committee.pk])).content.decode()
    assert "张大明" in page and "2026-11-30" in page
    # a parent sees the sitting members only
    parent = world.client("parent_x").get(reverse("family:committee-detail", args=[committee.pk])).content.decode()
    assert "张大明" not in parent


def test_a_meeting_recorded_edited_and_approved(world):
    committee = make_committee(world)
    seat = make_seat(committee, world.guardian_x, "chair")
    c = world.client("head_teacher_a")
    response = c.post(reverse("family:committee-meeting-new", args=[committee.pk]), {
        "title": "开学初家委会工作会议", "held_on": "2026-09-18", "place": "会议室", "attendees": [seat.pk],
        "topics": "分工", "minutes": "讨论护导岗", "resolutions": "通过计划"})
    meeting = CommitteeMeeting.objects.get()
    assert response.status_code == 302 and meeting.status == "draft"
    parent = world.client("parent_x")
    assert parent.get(reverse("family:committee-meeting-detail", args=[meeting.pk])).status_code == 404
    c.post(reverse("family:committee-meeting-edit", args=[meeting.pk]), {
        "title": "开学初家委会工作会议", "held_on": "2026-09-18", "attendees": [seat.pk], "minutes": "讨论护导岗安排"})
    c.post(reverse("family:committee-meeting-approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == ("approved", "讨论护导岗安排")
    page = parent.get(reverse("family:committee-meeting-detail", args=[meeting.pk])).content.decode()
    assert "讨论护导岗安排" in page and "张大明" in page
    # approved minutes are not edited any more: the edit page sends back to the meeting
    assert c.get(reverse("family:committee-meeting-edit", args=[meeting.pk])).status_code == 302


def test_the_committee_list_keeps_its_queries(world):
    from xinhuo.core.models import SchoolClass

    c = world.client("director")
    make_committee(world, level="school")

    def sql() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("family:committee-list")).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    small = sql()
    for n in range(3, 33):
        klass = SchoolClass.objects.create(school=world.school, grade=world.grade, number=n, name=f"{n}班")
        make_seat(make_committee(world, school_class=klass), world.guardian_x, "chair")
    assert rows_add_no_query(small, sql())


def test_the_group_list_keeps_its_queries(world):
    c = world.client("director")
    make_group(world)

    def sql() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("family:mutual-help-list")).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    small = sql()
    for n in range(30):
        make_member(make_group(world, name=f"互助组{n}"), world.guardian_x)
    assert rows_add_no_query(small, sql())


def test_the_coordinator_runs_the_group_page(world):
    group = make_group(world)
    c = world.client("director")
    response = c.post(reverse("family:mutual-help-member-add", args=[group.pk]), {"guardian": world.guardian_z.pk})
    assert response.status_code == 302
    member = MutualHelpMember.objects.get()
    response = c.post(reverse("family:mutual-help-meeting-add", args=[group.pk]),
                      {"held_on": "2026-10-10", "topic": "经验交流", "notes": "祖辈监护经验"})
    assert response.status_code == 302
    page = c.get(reverse("family:mutual-help-detail", args=[group.pk])).content.decode()
    assert "王大刚" in page and "祖辈监护经验" in page
    # a member family reads the meetings' topics, not the notes
    make_member(group, world.guardian_x)
    parent = world.client("parent_x").get(reverse("family:mutual-help-detail", args=[group.pk])).content.decode()
    assert "经验交流" in parent and "祖辈监护经验" not in parent
    c.post(reverse("family:mutual-help-member-end", args=[member.pk]))
    assert MutualHelpMember.objects.get(pk=member.pk).left_on is not None


def test_a_group_is_created_with_a_teacher_as_coordinator(world):
    c = world.client("director")
    response = c.post(reverse("family:mutual-help-new"), {"name": "单亲家庭互助组", "purpose": "互相支持",
                                                          "coordinator_staff": world.staff_a.pk})
    assert response.status_code == 302
    response = c.post(reverse("family:mutual-help-new"), {"name": "单亲家庭互助组"})
    assert response.status_code == 400


def test_the_dashboard_panels(world):
    committee = make_committee(world)
    make_seat(committee, world.guardian_x, "chair")
    make_meeting(committee, held_on=dt.date(2099, 1, 10), title="期末班级家委会会议")
    parent = world.client("parent_x").get("/").content.decode()
    assert 'id="committee-panel"' in parent and "期末班级家委会会议" in parent
    teacher = world.client("head_teacher_a").get("/").content.decode()
    assert 'id="class-committee-panel"' in teacher and "张大明" in teacher
    other = world.client("head_teacher_b").get("/").content.decode()
    assert "张大明" not in other  # class B has no committee: the panel offers to create it
    assert 'id="class-committee-panel"' in other


# --- the API -------------------------------------------------------------------------------------------------------


def test_the_api_lists_and_reads_committees(world):
    committee = make_committee(world)
    make_seat(committee, world.guardian_x, "chair", duties="家校沟通")
    c = world.client("head_teacher_a")
    listing = c.get("/api/v1/family/committees/").json()
    assert [row["id"] for row in listing["results"]] == [committee.pk]
    detail = c.get(f"/api/v1/family/committees/{committee.pk}/").json()
    assert (detail["members"][0]["name"], detail["members"][0]["position"], detail["members"][0]["phone"]) == (
        "张大明", "chair", "13812345678")


def test_the_api_creates_and_approves_a_meeting(world):
    committee = make_committee(world)
    seat = make_seat(committee, world.guardian_x, "chair")
    c = world.client("head_teacher_a")
    response = c.post("/api/v1/family/committee-meetings/", {
        "committee": committee.pk, "title": "期中家委会座谈会", "held_on": "2026-11-13", "minutes": "纪要",
        "attendees": [seat.pk]}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["attendees"] == ["张大明"]
    # refused: a title missing is a 400 with the service's words, nothing written
    bad = c.post("/api/v1/family/committee-meetings/", {"committee": committee.pk, "title": "",
                                                        "held_on": "2026-11-13"}, content_type="application/json")
    assert bad.status_code == 400 and "title" in bad.json()
    # another class's head teacher: the committee does not exist for them
    other = world.client("head_teacher_b").post("/api/v1/family/committee-meetings/", {
        "committee": committee.pk, "title": "x", "held_on": "2026-11-13"}, content_type="application/json")
    assert other.status_code == 404
    assert c.post(f"/api/v1/family/committee-meetings/{pk}/approve/").json()["status"] == "approved"
    member = world.client("parent_x").get(f"/api/v1/family/committee-meetings/{pk}/").json()
    assert member["minutes"] == "纪要"
    assert CommitteeMeeting.objects.count() == 1
