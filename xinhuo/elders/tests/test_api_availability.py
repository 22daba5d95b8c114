"""An elder keeps their weekly availability on a phone (issue 20): their own record (GET elders/me/), a slot added
(POST elders/{id}/availability/) and removed (DELETE elders/{id}/availability/{slot}/). The page's services and
rules: the same slot as the profile page's form, the same refusals (400 with the message, nothing written), 404 for
another elder's record (the committee keeps anyone's)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from xinhuo.core.tests.helpers import msg, post
from xinhuo.elders.models import Availability, Elder

API = "/api/v1/elders"


def slots() -> list[tuple]:
    return list(Availability.objects.order_by("pk").values_list("elder_id", "weekday", "start", "end"))


def another_elder(world) -> Elder:
    return Elder.objects.create(school=world.school, name="吴老", gender="M", category=Elder.Category.CADRE)


def test_the_elder_reads_their_own_record_and_adds_a_slot_as_the_page_does(world):
    me = world.client("elder").get(f"{API}/me/")
    assert me.status_code == 200 and me.json()["id"] == world.elder.pk and me.json()["availability"] == []
    r = world.client("elder").post(reverse("elders:availability-add", args=[world.elder.pk]),
                                   {"weekday": 1, "start": "09:00", "end": "11:30"})
    assert r.status_code == 302
    r = post(world, "elder", f"{API}/{world.elder.pk}/availability/", {"weekday": 3, "start": "09:00", "end": "11:30"})
    assert r.status_code == 201, r.content
    assert r.json() == {"id": r.json()["id"], "weekday": 3, "start": "09:00:00", "end": "11:30:00"}
    assert slots() == [(world.elder.pk, 1, dt.time(9), dt.time(11, 30)), (world.elder.pk, 3, dt.time(9),
                                                                          dt.time(11, 30))]
    mine = world.client("elder").get(f"{API}/me/").json()["availability"]
    assert [(s["weekday"], s["start"]) for s in mine] == [(1, "09:00:00"), (3, "09:00:00")]


def test_refusals_are_the_pages_and_write_nothing(world):
    Availability.objects.create(elder=world.elder, weekday=2, start=dt.time(14), end=dt.time(16))
    before = slots()
    url = f"{API}/{world.elder.pk}/availability/"
    r = post(world, "elder", url, {"weekday": 2, "start": "15:00", "end": "17:00"})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "This time overlaps %(slot)s, already in the weekly availability: change the times or remove that slot "
        "first.", slot=str(Availability.objects.get()))]}
    r = post(world, "elder", url, {"weekday": 4, "start": "11:00", "end": "10:00"})
    assert r.status_code == 400 and r.json() == {"end": [msg("The end time must be after the start time.")]}
    r = post(world, "elder", url, {"weekday": 9, "start": "09:00", "end": "10:00"})
    assert r.status_code == 400 and "weekday" in r.json()
    assert slots() == before


def test_the_elder_removes_their_own_slot_and_no_one_elses(world):
    mine = Availability.objects.create(elder=world.elder, weekday=0, start=dt.time(9), end=dt.time(11))
    other = another_elder(world)
    theirs = Availability.objects.create(elder=other, weekday=0, start=dt.time(9), end=dt.time(11))
    c = world.client("elder")
    assert c.delete(f"{API}/{world.elder.pk}/availability/{theirs.pk}/").status_code == 404  # not under my record
    assert c.delete(f"{API}/{other.pk}/availability/{theirs.pk}/").status_code == 404
    assert post(world, "elder", f"{API}/{other.pk}/availability/",
                {"weekday": 5, "start": "09:00", "end": "10:00"}).status_code == 404
    assert c.delete(f"{API}/{world.elder.pk}/availability/{mine.pk}/").status_code == 204
    assert slots() == [(other.pk, 0, dt.time(9), dt.time(11))]
    # the committee keeps anyone's
    assert world.client("director").delete(f"{API}/{other.pk}/availability/{theirs.pk}/").status_code == 204
    assert slots() == []


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "finance", "parent_x", "student_x", "outsider"])
def test_other_roles_cannot_change_an_elders_availability(world, persona):
    slot = Availability.objects.create(elder=world.elder, weekday=0, start=dt.time(9), end=dt.time(11))
    c = world.client(persona)
    assert post(world, persona, f"{API}/{world.elder.pk}/availability/",
                {"weekday": 5, "start": "09:00", "end": "10:00"}).status_code == 404
    assert c.delete(f"{API}/{world.elder.pk}/availability/{slot.pk}/").status_code == 404
    assert c.get(f"{API}/me/").status_code == 404  # no elder record of their own
    assert slots() == [(world.elder.pk, 0, dt.time(9), dt.time(11))]
