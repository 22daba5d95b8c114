"""The clubs' pages: who sees which clubs and which members (minors' names), a constant query count on the list,
the founding request and its review, member management with its refusals, attendance from the phone checklist,
and the showcase with photos and growth entries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.care.models import GrowthEntry
from xinhuo.clubs.models import (
    Club,
    ClubAttendance,
    ClubMeeting,
    ClubMembership,
    ClubPhoto,
    ClubStatus,
    MeetingKind,
    MembershipStatus,
)
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import page_queries

from .helpers import a_club, a_meeting, a_member, not_an_image, png


@pytest.fixture
def calligraphy(world):
    """书法社, advised by 周老: student_x (class a) and student_z (class b) are members."""
    club = a_club(world, "书法社", capacity=10)
    a_member(club, world.student_x, role="leader")
    a_member(club, world.student_z)
    return club


def body(world, persona, url, **params) -> tuple[int, str]:
    response = world.client(persona).get(url, params)
    return response.status_code, response.content.decode()


# --- list ---------------------------------------------------------------------------------------------------------


def test_the_list_shows_active_clubs_to_families_and_requests_to_staff(world, calligraphy):
    a_club(world, "科技社", status=ClubStatus.REQUESTED, elder=False, user=world.users["head_teacher_b"],
           requested_by="head_teacher_b")
    a_club(world, "红色宣讲团", status=ClubStatus.REQUESTED, requested_by="elder")
    a_club(world, "外校社团", school=world.other, elder=False, user=world.users["outsider"])
    url = reverse("clubs:list")
    _, page = body(world, "parent_x", url)
    assert "书法社" in page and "科技社" not in page and "外校社团" not in page
    assert "张小明 是社团成员" in page and "王小刚" not in page
    _, page = body(world, "director", url)
    assert "科技社" in page and "红色宣讲团" in page and "待审批" in page and 'id="waiting"' in page
    _, page = body(world, "elder", url)  # their own request, and the club they advise
    assert "红色宣讲团" in page and "科技社" not in page and "我指导" in page
    _, page = body(world, "student_y", url, q="科技")
    assert "科技社" not in page and "书法社" not in page
    _, page = body(world, "elder", url, mine="1")
    assert "书法社" in page


def test_the_list_keeps_its_query_count(world):
    def count(persona):
        return page_queries(world.client(persona), reverse("clubs:list"))

    for i in range(2):
        a_member(a_club(world, f"社团{i}"), world.student_x)
    few = {p: count(p) for p in ("director", "parent_x", "elder", "student_y")}
    for i in range(2, 14):
        club = a_club(world, f"社团{i}", capacity=5)
        a_member(club, world.student_x)
        a_meeting(club)
    assert {p: count(p) for p in ("director", "parent_x", "elder", "student_y")} == few


# --- detail: minors' names --------------------------------------------------------------------------------------


def test_a_parent_sees_only_their_childs_membership(world, calligraphy):
    status, page = body(world, "parent_x", reverse("clubs:detail", args=[calligraphy.pk]))
    assert status == 200 and "张小明" in page and "社长" in page
    assert "王小刚" not in page and 'id="my-membership"' in page


def test_members_see_the_member_list_others_do_not(world, calligraphy):
    url = reverse("clubs:detail", args=[calligraphy.pk])
    _, page = body(world, "student_x", url)
    assert "王小刚" in page and "张小明" in page
    _, page = body(world, "student_y", url)  # not a member: the count, no names
    assert "王小刚" not in page and "张小明" not in page and "2 名成员" in page
    _, page = body(world, "head_teacher_b", url)  # their own class's student only
    assert "王小刚" in page and "张小明" not in page
    _, page = body(world, "director", url)
    assert "王小刚" in page and "张小明" in page
    assert AccessLog.objects.filter(object_type="club_member", user=world.users["director"]).exists()
    assert body(world, "outsider", url)[0] == 404


def test_a_club_waiting_for_review_is_hidden_from_families(world):
    club = a_club(world, "科技社", status=ClubStatus.REQUESTED)
    for persona in ("parent_x", "student_x"):
        assert body(world, persona, reverse("clubs:detail", args=[club.pk]))[0] == 404
    assert body(world, "elder", reverse("clubs:detail", args=[club.pk]))[0] == 200  # its advisor


# --- founding request and review ----------------------------------------------------------------------------------


def _request_data(world, **kw):
    return {"name": "科技创新社", "description": "机器人与编程", "aims": "培养创新精神", "advisor_kind": "elder",
            "advisor_elder": world.elder.pk, "advisor_user": "", "capacity": "25", "schedule": "每周五下午",
            "place": "创客空间", **kw}


def test_a_teacher_asks_a_leader_approves(world):
    c = world.client("head_teacher_a")
    response = c.post(reverse("clubs:new"), _request_data(world))
    club = Club.objects.get(name="科技创新社")
    assert response.status_code == 302 and club.status == ClubStatus.REQUESTED and club.capacity == 25
    response = world.client("leader").post(reverse("clubs:review", args=[club.pk]),
                                           {"action": "approve", "comment": "同意成立"})
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.status == ClubStatus.ACTIVE and club.steps.last().comment == "同意成立"


def test_the_request_form_refuses_a_duplicate_name_and_a_missing_advisor(world, calligraphy):
    c = world.client("head_teacher_a")
    response = c.post(reverse("clubs:new"), _request_data(world, name="书法社"))
    assert response.status_code == 400 and "本校已有名为“书法社”的社团" in response.content.decode()
    response = c.post(reverse("clubs:new"), _request_data(world, advisor_kind="teacher", advisor_user=""))
    assert response.status_code == 400 and "请选择一位指导老师" in response.content.decode()
    assert Club.objects.count() == 1


def test_the_reviewer_cannot_approve_their_own_request(world):
    world.client("director").post(reverse("clubs:new"), _request_data(world))
    club = Club.objects.get()
    page = world.client("director").get(reverse("clubs:review", args=[club.pk])).content.decode()
    assert "须由另一位领导审批" in page and 'id="review-form"' not in page
    response = world.client("director").post(reverse("clubs:review", args=[club.pk]), {"action": "approve"})
    assert response.status_code == 400
    club.refresh_from_db()
    assert club.status == ClubStatus.REQUESTED


def test_return_needs_a_reason_and_the_requester_resubmits(world):
    world.client("head_teacher_a").post(reverse("clubs:new"), _request_data(world))
    club = Club.objects.get()
    leader = world.client("leader")
    assert leader.post(reverse("clubs:review", args=[club.pk]), {"action": "return"}).status_code == 400
    leader.post(reverse("clubs:review", args=[club.pk]), {"action": "return", "comment": "请写清活动安排"})
    club.refresh_from_db()
    assert club.status == ClubStatus.RETURNED
    page = world.client("head_teacher_a").get(reverse("clubs:detail", args=[club.pk])).content.decode()
    assert "请写清活动安排" in page and 'id="club-resubmit"' in page
    world.client("head_teacher_a").post(reverse("clubs:edit", args=[club.pk]),
                                        _request_data(world, schedule="每周五下午第三、四节"))
    world.client("head_teacher_a").post(reverse("clubs:resubmit", args=[club.pk]))
    club.refresh_from_db()
    assert club.status == ClubStatus.REQUESTED and club.schedule == "每周五下午第三、四节"


def test_closing_needs_a_reason(world, calligraphy):
    c = world.client("elder")
    assert c.post(reverse("clubs:close", args=[calligraphy.pk]), {"comment": ""}).status_code == 400
    assert c.post(reverse("clubs:close", args=[calligraphy.pk]), {"comment": "指导老师身体原因"}).status_code == 302
    calligraphy.refresh_from_db()
    assert calligraphy.status == ClubStatus.CLOSED
    assert not ClubMembership.objects.filter(club=calligraphy, status=MembershipStatus.ACTIVE).exists()


# --- members ----------------------------------------------------------------------------------------------------


def test_the_advisor_adds_a_member_until_the_club_is_full(world, calligraphy):
    Club.objects.filter(pk=calligraphy.pk).update(capacity=3)
    c = world.client("elder")
    url = reverse("clubs:members", args=[calligraphy.pk])
    page = c.get(url, {"q": "2026"}).content.decode()  # a student-number prefix: the members are not offered
    found = page.split('id="found"')[1].split("</ul>")[0]
    assert "李小红" in found and "王小刚" not in found and "张小明" not in found
    assert "王小刚" in page  # in the member list
    assert "李小红" in c.get(url, {"q": "lxh"}).content.decode()  # pinyin initials
    assert c.post(url, {"student": world.student_y.pk, "role": "member"}).status_code == 302
    ClubMembership.objects.filter(student=world.student_y).update(status=MembershipStatus.LEFT)
    Club.objects.filter(pk=calligraphy.pk).update(capacity=2)
    response = c.post(url, {"student": world.student_y.pk, "role": "member"})
    assert response.status_code == 400 and "社团已满" in response.content.decode()
    assert ClubMembership.objects.filter(club=calligraphy, status=MembershipStatus.ACTIVE).count() == 2


def test_a_parent_asks_to_join_the_advisor_accepts(world):
    club = a_club(world, "文学社", elder=False, user=world.users["head_teacher_b"])
    page = world.client("parent_x").get(reverse("clubs:detail", args=[club.pk])).content.decode()
    assert "申请加入" in page
    assert world.client("parent_x").post(reverse("clubs:join", args=[club.pk])).status_code == 302
    m = ClubMembership.objects.get(club=club)
    assert m.status == MembershipStatus.REQUESTED and m.student == world.student_x
    page = world.client("head_teacher_b").get(reverse("clubs:members", args=[club.pk])).content.decode()
    assert 'id="requests"' in page and "张小明" in page
    world.client("head_teacher_b").post(reverse("clubs:join-decide", args=[club.pk, m.pk]), {"accept": "1"})
    m.refresh_from_db()
    assert m.status == MembershipStatus.ACTIVE


def test_remove_and_role_from_the_members_page(world, calligraphy):
    c = world.client("director")
    z = ClubMembership.objects.get(club=calligraphy, student=world.student_z)
    c.post(reverse("clubs:member-role", args=[calligraphy.pk, z.pk]), {"role": "leader"})
    z.refresh_from_db()
    assert z.role == "leader"
    c.post(reverse("clubs:member-remove", args=[calligraphy.pk, z.pk]))
    z.refresh_from_db()
    assert z.status == MembershipStatus.LEFT


# --- meetings, attendance, showcase ----------------------------------------------------------------------------


def test_a_meeting_that_ends_before_it_starts_is_refused(world, calligraphy):
    url = reverse("clubs:meeting-new", args=[calligraphy.pk])
    data = {"kind": "meeting", "title": "临帖", "starts_at": "2026-12-09T16:00", "ends_at": "2026-12-09T15:00",
            "place": "书法教室"}
    response = world.client("elder").post(url, data)
    assert response.status_code == 400 and "活动结束时间必须晚于开始时间" in response.content.decode()
    assert not ClubMeeting.objects.exists()
    response = world.client("elder").post(url, {**data, "ends_at": "2026-12-09T17:00"})
    assert response.status_code == 302 and ClubMeeting.objects.get().title == "临帖"


def test_the_attendance_checklist_on_a_phone(world, calligraphy):
    meeting = a_meeting(calligraphy)
    url = reverse("clubs:attendance", args=[meeting.pk])
    page = world.client("elder").get(url).content.decode()
    assert 'type="checkbox" role="switch" name="present"' in page and "王小刚" in page
    world.client("elder").post(url, {"present": [world.student_z.pk]})
    marks = dict(ClubAttendance.objects.filter(meeting=meeting).values_list("student_id", "present"))
    assert marks == {world.student_x.pk: False, world.student_z.pk: True}
    future = a_meeting(calligraphy, days=3)
    response = world.client("elder").post(reverse("clubs:attendance", args=[future.pk]),
                                          {"present": [world.student_z.pk]})
    assert response.status_code == 400 and not ClubAttendance.objects.filter(meeting=future).exists()


def test_the_showcase_page_photos_and_growth_entries(world, calligraphy):
    show = a_meeting(calligraphy, kind=MeetingKind.SHOWCASE, title="期末成果展示")
    elder = world.client("elder")
    elder.post(reverse("clubs:attendance", args=[show.pk]), {"present": [world.student_x.pk]})
    url = reverse("clubs:showcase", args=[show.pk])
    response = elder.post(url, {"summary": "展出作品三十幅", "photos": [not_an_image()], "caption": ""})
    assert response.status_code == 400 and "photo.jpg" in response.content.decode()
    assert not ClubPhoto.objects.exists() and not GrowthEntry.objects.exists()
    response = elder.post(url, {"summary": "展出作品三十幅", "photos": [png(), png("b.png")], "caption": "作品展"})
    assert response.status_code == 302
    assert ClubPhoto.objects.filter(meeting=show).count() == 2
    assert list(GrowthEntry.objects.values_list("student_id", flat=True)) == [world.student_x.pk]
    photo = ClubPhoto.objects.first()
    detail = reverse("clubs:meeting-detail", args=[show.pk])
    page = world.client("parent_x").get(detail).content.decode()
    assert "展出作品三十幅" in page and reverse("clubs:photo", args=[photo.pk]) in page
    served = world.client("parent_x").get(reverse("clubs:photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    # a student who is not a member reads the summary but not the photos
    page = world.client("student_y").get(detail).content.decode()
    assert "展出作品三十幅" in page and reverse("clubs:photo", args=[photo.pk]) not in page
    assert world.client("student_y").get(reverse("clubs:photo", args=[photo.pk])).status_code == 404
    page = world.client("student_y").get(reverse("clubs:detail", args=[calligraphy.pk])).content.decode()
    assert f'data-showcase="{show.pk}"' in page
