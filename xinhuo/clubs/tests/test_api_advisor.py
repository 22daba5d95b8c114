"""A club's advisor over the API (issue 20): the requests to join, accepting or declining one, a member leaving, the
club leader named, a meeting's attendance. The page's services, the same refusals (400 with the message, nothing
written), 404 for anyone who does not run the club."""

from __future__ import annotations

from xinhuo.clubs.models import ClubAttendance, ClubMembership, MembershipStatus
from xinhuo.clubs.tests.helpers import a_club, a_meeting, a_member
from xinhuo.core.tests.helpers import msg, post

MS = MembershipStatus


def test_the_elder_advisor_accepts_a_request_names_a_leader_and_takes_attendance(world):
    club = a_club(world, capacity=2)
    x = a_member(club, world.student_x)
    y = a_member(club, world.student_y, status=MS.REQUESTED)
    api = f"/api/v1/clubs/{club.pk}"
    rows = world.client("elder").get(f"{api}/requests/").json()
    assert [(r["id"], r["student"], r["status"]) for r in rows] == [(y.pk, "李小红", "requested")]
    r = post(world, "elder", f"{api}/members/decide/", {"membership": y.pk, "accept": True})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "active" and ClubMembership.objects.get(pk=y.pk).joined_at is not None
    assert world.client("elder").get(f"{api}/requests/").json() == []
    r = post(world, "elder", f"{api}/members/role/", {"membership": x.pk, "role": "leader"})
    assert r.status_code == 200 and ClubMembership.objects.get(pk=x.pk).role == "leader"
    meeting = a_meeting(club)
    r = post(world, "elder", f"{api}/attendance/", {"meeting": meeting.pk, "present": [world.student_x.pk]})
    assert r.status_code == 200 and r.json() == {"present": 1, "absent": 1}
    assert dict(ClubAttendance.objects.values_list("student_id", "present")) == {
        world.student_x.pk: True, world.student_y.pk: False}
    r = post(world, "elder", f"{api}/members/remove/", {"membership": y.pk})
    assert r.status_code == 200 and ClubMembership.objects.get(pk=y.pk).status == MS.LEFT


def test_advisor_refusals_write_nothing(world):
    club = a_club(world, capacity=1)
    x = a_member(club, world.student_x)
    y = a_member(club, world.student_y, status=MS.REQUESTED)
    api = f"/api/v1/clubs/{club.pk}"
    r = post(world, "elder", f"{api}/members/decide/", {"membership": y.pk, "accept": True})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "The club is full: all %(n)d places of %(name)s are taken. Remove a member or raise the places first.",
        n=1, name="书法社")]}
    r = post(world, "elder", f"{api}/members/decide/", {"membership": x.pk, "accept": False})
    assert r.status_code == 400 and r.json() == {"detail": [msg("This request has already been decided.")]}
    r = post(world, "elder", f"{api}/members/role/", {"membership": x.pk, "role": "president"})
    assert r.status_code == 400 and "role" in r.json()
    r = post(world, "elder", f"{api}/members/remove/", {"membership": y.pk})
    assert r.status_code == 400 and r.json() == {"detail": [msg("%(name)s is not a member of this club.",
                                                                name="李小红")]}
    future = a_meeting(club, days=2)
    r = post(world, "elder", f"{api}/attendance/", {"meeting": future.pk, "present": []})
    assert r.status_code == 400
    past = a_meeting(club)
    r = post(world, "elder", f"{api}/attendance/", {"meeting": past.pk, "present": [world.student_z.pk]})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "Some ticked students are not members of this club.")]}
    for persona in ("student_x", "parent_x", "head_teacher_a", "counsellor"):
        assert post(world, persona, f"{api}/members/decide/", {"membership": y.pk, "accept": True}).status_code == 404
        assert world.client(persona).get(f"{api}/requests/").status_code == 404
    other = a_club(world, "围棋社")
    z = a_member(other, world.student_z)
    assert post(world, "elder", f"{api}/members/remove/", {"membership": z.pk}).status_code == 404  # not this club
    assert [(m.pk, m.status, m.role) for m in ClubMembership.objects.order_by("pk")] == [
        (x.pk, MS.ACTIVE, "member"), (y.pk, MS.REQUESTED, "member"), (z.pk, MS.ACTIVE, "member")]
    assert not ClubAttendance.objects.exists()
