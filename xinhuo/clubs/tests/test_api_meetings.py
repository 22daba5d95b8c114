"""A club's advisor plans meetings and records the showcase on a phone (issue 20): a meeting created (POST
clubs/{id}/meetings/) and changed (PATCH clubs/{id}/meetings/{meeting}/: the fields given), the showcase's summary
and photos (POST .../meetings/{meeting}/showcase/, multipart) crediting the members present on their growth record,
a photo taken off (DELETE clubs/{id}/photos/{photo}/). The page's services: the same effect, the same refusals
(400 with the message, nothing written), 404 for anyone who does not run the club."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.clubs.models import ClubMeeting, ClubPhoto, MeetingKind
from xinhuo.clubs.tests.helpers import a_club, a_meeting, a_member, not_an_image, png
from xinhuo.core.tests.helpers import msg, patch, post

API = "/api/v1/clubs"


def meetings() -> list[tuple]:
    return list(ClubMeeting.objects.order_by("pk").values_list("club_id", "kind", "title", "starts_at", "ends_at",
                                                               "place", "content", "notes", "created_by"))


def when(days: int = 1, hour: int = 15) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_advisor_plans_a_meeting_as_the_page_does(world):
    club = a_club(world)
    start, end = when(), when(hour=16)
    fields = {"kind": "event", "title": "书法进社区", "place": "社区活动中心", "content": "写春联"}
    r = world.client("elder").post(reverse("clubs:meeting-new", args=[club.pk]), {
        **fields, "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(end).strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 302
    r = post(world, "elder", f"{API}/{club.pk}/meetings/", {**fields, "starts_at": start.isoformat(),
                                                            "ends_at": end.isoformat()})
    assert r.status_code == 201, r.content
    assert (r.json()["kind"], r.json()["title"], r.json()["present_count"]) == ("event", "书法进社区", 0)
    page, api = meetings()
    assert page == api == (club.pk, "event", "书法进社区", start, end, "社区活动中心", "写春联", "",
                           world.users["elder"].pk)
    listed = world.client("student_y").get(f"{API}/{club.pk}/meetings/").json()
    assert [m["id"] for m in listed] == list(ClubMeeting.objects.order_by("pk").values_list("pk", flat=True))


def test_a_meeting_is_refused_as_on_the_page_and_nothing_is_written(world):
    club = a_club(world)
    r = post(world, "elder", f"{API}/{club.pk}/meetings/", {"kind": "meeting", "title": "临帖",
                                                            "starts_at": when(hour=16).isoformat(),
                                                            "ends_at": when(hour=15).isoformat()})
    assert r.status_code == 400 and r.json() == {"ends_at": [msg("The meeting must end after it starts.")]}
    r = post(world, "elder", f"{API}/{club.pk}/meetings/", {"kind": "party", "title": " ",
                                                            "starts_at": when().isoformat(),
                                                            "ends_at": when(hour=16).isoformat()})
    assert r.status_code == 400 and set(r.json()) == {"kind", "title"}
    assert r.json()["title"] == [msg("Give the meeting a title.")]
    assert meetings() == []


def test_the_advisor_changes_only_the_fields_given(world):
    club = a_club(world)
    m = a_meeting(club)
    before = meetings()[0]
    r = patch(world, "elder", f"{API}/{club.pk}/meetings/{m.pk}/", {"notes": "临了《兰亭序》"})
    assert r.status_code == 200, r.content
    assert r.json()["notes"] == "临了《兰亭序》"
    assert meetings()[0] == (*before[:7], "临了《兰亭序》", before[8])
    r = patch(world, "elder", f"{API}/{club.pk}/meetings/{m.pk}/", {"ends_at": (m.starts_at - dt.timedelta(
        hours=1)).isoformat()})
    assert r.status_code == 400 and r.json() == {"ends_at": [msg("The meeting must end after it starts.")]}
    assert meetings()[0][7] == "临了《兰亭序》" and meetings()[0][4] == m.ends_at


def test_the_showcase_credits_the_members_present_as_the_page_does(world):
    club = a_club(world)
    a_member(club, world.student_x)
    a_member(club, world.student_y)
    show = a_meeting(club, kind=MeetingKind.SHOWCASE, title="期末成果展示")
    post(world, "elder", f"{API}/{club.pk}/attendance/", {"meeting": show.pk, "present": [world.student_x.pk]})
    url = f"{API}/{club.pk}/meetings/{show.pk}/showcase/"
    r = world.client("elder").post(url, {"summary": "展出作品三十幅", "photos": [png(), not_an_image()]})
    assert r.status_code == 400 and list(r.json()) == ["photos"] and "photo.jpg" in r.json()["photos"][0]
    r = post(world, "elder", url, {"summary": " "})
    assert r.status_code == 400 and r.json() == {"summary": [msg(
        "Write what the members showed: the summary is the showcase's record.")]}
    assert not ClubPhoto.objects.exists() and not GrowthEntry.objects.exists()
    assert ClubMeeting.objects.get(pk=show.pk).summary == ""
    r = world.client("elder").post(url, {"summary": "展出作品三十幅", "photos": [png(), png("b.png")],
                                         "caption": "作品展"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["credited"] == 1 and body["meeting"]["summary"] == "展出作品三十幅"
    assert [p["caption"] for p in body["photos"]] == ["作品展", "作品展"]
    entry = GrowthEntry.objects.get(kind=GrowthKind.CLUB)
    assert (entry.student_id, entry.title) == (world.student_x.pk, "书法社：期末成果展示")
    # a photo taken off
    photo = body["photos"][0]["id"]
    assert world.client("elder").delete(f"{API}/{club.pk}/photos/{photo}/").status_code == 204
    assert list(ClubPhoto.objects.values_list("pk", flat=True)) == [body["photos"][1]["id"]]


def test_only_a_showcase_has_a_summary(world):
    club = a_club(world)
    m = a_meeting(club)
    r = post(world, "elder", f"{API}/{club.pk}/meetings/{m.pk}/showcase/", {"summary": "展示"})
    assert r.status_code == 404 and ClubMeeting.objects.get(pk=m.pk).summary == ""


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "parent_x", "student_x", "finance", "outsider"])
def test_others_do_not_run_the_club(world, persona):
    club = a_club(world)
    a_member(club, world.student_x)
    show = a_meeting(club, kind=MeetingKind.SHOWCASE)
    world.client("elder").post(f"{API}/{club.pk}/meetings/{show.pk}/showcase/", {"summary": "展示",
                                                                                 "photos": [png()]})
    photo = ClubPhoto.objects.get()
    before = meetings()
    assert post(world, persona, f"{API}/{club.pk}/meetings/", {"kind": "meeting", "title": "临帖",
                                                               "starts_at": when().isoformat(),
                                                               "ends_at": when(hour=16).isoformat()}
                ).status_code == 404
    assert patch(world, persona, f"{API}/{club.pk}/meetings/{show.pk}/", {"notes": "x"}).status_code == 404
    assert post(world, persona, f"{API}/{club.pk}/meetings/{show.pk}/showcase/", {"summary": "改"}).status_code == 404
    assert world.client(persona).delete(f"{API}/{club.pk}/photos/{photo.pk}/").status_code == 404
    assert meetings() == before and ClubMeeting.objects.get(pk=show.pk).summary == "展示"
    assert ClubPhoto.objects.filter(pk=photo.pk).exists()


def test_a_meeting_of_another_club_is_not_reached_through_this_one(world):
    club, other = a_club(world), a_club(world, "围棋社")
    m = a_meeting(other)
    assert patch(world, "elder", f"{API}/{club.pk}/meetings/{m.pk}/", {"notes": "x"}).status_code == 404
    assert ClubMeeting.objects.get(pk=m.pk).notes == ""
