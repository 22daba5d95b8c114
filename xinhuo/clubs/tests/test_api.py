"""The clubs API: the same scopes as the pages (a parent's own child only), the advisor adding members with the
same refusals, the review of a request (not one's own) and asking to join."""

from __future__ import annotations

from xinhuo.clubs.models import ClubMembership, ClubStatus, MembershipStatus

from .helpers import a_club, a_meeting, a_member


def test_the_list_and_members_are_scoped(world):
    club = a_club(world, "书法社", capacity=10)
    a_member(club, world.student_x)
    a_member(club, world.student_z)
    a_club(world, "科技社", status=ClubStatus.REQUESTED)
    rows = world.client("parent_x").get("/api/v1/clubs/").json()["results"]
    assert [(r["name"], r["my_memberships"]) for r in rows] == [
        ("书法社", [{"student_id": world.student_x.pk, "status": "active"}])]
    assert rows[0]["member_count"] == 2 and rows[0]["advisor"] == "周老" and rows[0]["advisor_kind"] == "elder"
    assert {r["name"] for r in world.client("director").get("/api/v1/clubs/").json()["results"]} == {"书法社", "科技社"}
    members = world.client("parent_x").get(f"/api/v1/clubs/{club.pk}/members/").json()
    assert [m["student"] for m in members] == ["张小明"]
    members = world.client("student_x").get(f"/api/v1/clubs/{club.pk}/members/").json()
    assert {m["student"] for m in members} == {"张小明", "王小刚"}
    assert world.client("outsider").get(f"/api/v1/clubs/{club.pk}/").status_code == 404


def test_meetings_hide_the_attendance_count_from_those_who_do_not_keep_it(world):
    club = a_club(world)
    a_meeting(club)
    assert world.client("elder").get(f"/api/v1/clubs/{club.pk}/meetings/").json()[0]["present_count"] == 0
    assert world.client("student_y").get(f"/api/v1/clubs/{club.pk}/meetings/").json()[0]["present_count"] is None


def test_the_advisor_adds_members_with_the_same_refusals(world):
    club = a_club(world, capacity=1)
    c = world.client("elder")
    url = f"/api/v1/clubs/{club.pk}/members/add/"
    response = c.post(url, {"student": world.student_x.pk, "role": "leader"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["role"] == "leader"
    response = c.post(url, {"student": world.student_y.pk}, content_type="application/json")
    assert response.status_code == 400 and "社团已满" in str(response.json())
    response = c.post(url, {"student": world.other_student.pk}, content_type="application/json")
    assert response.status_code == 404
    assert ClubMembership.objects.count() == 1


def test_review_and_join(world):
    club = a_club(world, "科技社", status=ClubStatus.REQUESTED, requested_by="leader")
    url = f"/api/v1/clubs/{club.pk}/review/"
    response = world.client("leader").post(url, {"action": "approve"}, content_type="application/json")
    assert response.status_code == 400 and "另一位领导" in str(response.json())
    response = world.client("director").post(url, {"action": "approve", "comment": "同意"},
                                             content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "active"
    response = world.client("parent_x").post(f"/api/v1/clubs/{club.pk}/join/", {}, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    response = world.client("parent_x").post(f"/api/v1/clubs/{club.pk}/join/", {"student": world.student_y.pk},
                                             content_type="application/json")
    assert response.status_code == 404
    assert ClubMembership.objects.get().status == MembershipStatus.REQUESTED
