"""Parent volunteers' pages and API: a parent's own page, the roster's phones (full for the committee only), the
organiser's request page (invite, who answered, still needed, hours), the activity page's panel, the home panels,
a bad input refused with nothing changed; constant query counts on the lists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from xinhuo.core.models import Notification
from xinhuo.family.models import VolunteerOffer, VolunteerRequest, VolunteerResponse
from xinhuo.family.tests.matrix_volunteers import activity, invite, offer, request
from xinhuo.people.models import Guardian

pytestmark = pytest.mark.django_db


def test_a_parent_offers_on_their_page_and_sees_their_hours(world):
    c = world.client("parent_x")
    url = reverse("family:volunteers-mine")
    assert c.post(url, {"skills": "厨师"}).status_code == 400  # no duty chosen
    assert not VolunteerOffer.objects.exists()
    response = c.post(url, {"kinds": ["support", "teaching"], "skills": "厨师", "weekdays": ["6"], "times": "周末",
                            "active": "on"})
    assert response.status_code == 302
    assert VolunteerOffer.objects.get().kind_list == ["teaching", "support"]
    req = request(world, activity(world, "秋季运动会", days=-5, status="summarised"))
    VolunteerResponse.objects.create(request=req, guardian=world.guardian_x, status="accepted", served=True,
                                     hours=Decimal("3.5"))
    body = c.get(url).content.decode()
    assert 'id="my-hours-year">3.5<' in body and "秋季运动会" in body


def test_the_roster_shows_full_phones_to_the_committee_only(world):
    offer(world)
    director = world.client("director").get(reverse("family:volunteers-roster")).content.decode()
    teacher = world.client("head_teacher_a").get(reverse("family:volunteers-roster")).content.decode()
    assert world.guardian_x.phone in director
    assert world.guardian_x.phone not in teacher and world.guardian_x.masked_phone in teacher
    other = world.client("head_teacher_b").get(reverse("family:volunteers-roster")).content.decode()
    assert world.guardian_x.name not in other
    api = world.client("head_teacher_a").get("/api/v1/family/volunteers/roster/").json()
    assert [r["phone"] for r in api["results"]] == [world.guardian_x.masked_phone]


def test_the_roster_lists_in_constant_queries(world, django_assert_max_num_queries):
    offer(world)
    c = world.client("director")
    c.get(reverse("family:volunteers-roster"))
    for i in range(12):
        g = Guardian.objects.create(school=world.school, name=f"家长{i}", phone=f"1360000{i:04d}")
        g.students.add(world.student_y if i % 2 else world.student_z, through_defaults={"relation": "father"})
        offer(world, g)
    with django_assert_max_num_queries(30):
        response = c.get(reverse("family:volunteers-roster"))
    assert response.content.decode().count("data-offer=") == 13


def test_the_organiser_asks_invites_and_sees_who_answered(world):
    offer(world)
    act = activity(world)
    c = world.client("head_teacher_a")
    new = reverse("family:volunteers-request-new", args=[act.pk])
    assert c.get(new).status_code == 200
    response = c.post(new, {"kind": "patrol", "needed": "1", "starts_at": "2000-01-01T08:00",
                            "ends_at": "2000-01-01T09:00"})
    assert response.status_code == 400 and not VolunteerRequest.objects.exists()  # a time past, refused
    start = act.starts_at.astimezone().strftime("%Y-%m-%dT%H:%M")
    end = act.ends_at.astimezone().strftime("%Y-%m-%dT%H:%M")
    response = c.post(new, {"kind": "patrol", "needed": "1", "starts_at": start, "ends_at": end, "note": "校门口"})
    req = VolunteerRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("family:volunteers-request", args=[req.pk])
    page = c.get(response["Location"]).content.decode()
    assert f'data-candidate="{world.guardian_x.pk}"' in page
    c.post(reverse("family:volunteers-request-invite", args=[req.pk]), {"guardians": [world.guardian_x.pk]})
    assert VolunteerResponse.objects.get().status == "invited"
    assert Notification.objects.filter(recipient=world.users["parent_x"]).exists()
    # the parent accepts from the inbox link
    p = world.client("parent_x")
    assert 'id="accept"' in p.get(reverse("family:volunteers-request", args=[req.pk])).content.decode()
    p.post(reverse("family:volunteers-answer", args=[req.pk]), {"answer": "accept"})
    page = c.get(reverse("family:volunteers-request", args=[req.pk])).content.decode()
    assert 'data-status="accepted"' in page and "id=\"request-counts\"" in page
    # the activity page shows the request and who accepted, to the organiser
    detail = c.get(reverse("activities:detail", args=[act.pk])).content.decode()
    assert 'id="volunteers-panel"' in detail and world.guardian_x.name in detail


def test_the_parent_sees_the_invitation_on_the_activity_and_home_pages(world):
    offer(world)
    act = activity(world)
    req = request(world, act)
    invite(world, req)
    p = world.client("parent_x")
    detail = p.get(reverse("activities:detail", args=[act.pk])).content.decode()
    assert f'data-invitation="{req.pk}"' in detail
    home = p.get(reverse("dashboard")).content.decode()
    assert 'id="volunteer-invitations"' in home
    # another parent's view of the activity shows no volunteers at all
    assert 'id="volunteers-panel"' not in world.client("head_teacher_b").get(
        reverse("activities:detail", args=[act.pk])).content.decode()


def test_the_committee_sees_the_hours_of_the_year_and_of_the_term(world):
    req = request(world, activity(world, "秋季运动会", days=-5, status="summarised"))
    VolunteerResponse.objects.create(request=req, guardian=world.guardian_x, status="accepted", served=True,
                                     hours=Decimal("4"))
    body = world.client("director").get(reverse("family:volunteers-hours")).content.decode()
    assert world.guardian_x.name in body and 'class="hours">4<' in body
    home = world.client("director").get(reverse("dashboard")).content.decode()
    assert 'data-figure="volunteer-hours">4<' in home
    api = world.client("leader").get("/api/v1/family/volunteers/hours/").json()
    assert api["results"][0]["hours"] == "4.0"


def test_the_api_for_a_parents_phone(world):
    c = world.client("parent_x")
    assert c.get("/api/v1/family/volunteers/offer/").json()["offered"] is False
    refused = c.put("/api/v1/family/volunteers/offer/", {"kinds": []}, content_type="application/json")
    assert refused.status_code == 400 and "kinds" in refused.json()
    saved = c.put("/api/v1/family/volunteers/offer/", {"kinds": ["trip"], "weekdays": [6, 7], "skills": "驾驶员"},
                  content_type="application/json").json()
    assert saved["kinds"] == ["trip"] and saved["weekdays"] == [6, 7] and saved["offered"]
    req = request(world, needed=1)
    invite(world, req)
    listed = c.get("/api/v1/family/volunteers/invitations/").json()
    assert [d["request"]["id"] for d in listed["duties"]] == [req.pk]
    answered = c.post(f"/api/v1/family/volunteers/requests/{req.pk}/answer/", {"answer": "accept"},
                      content_type="application/json").json()
    assert answered["my_status"] == "accepted" and answered["still_needed"] == 0 and answered["responses"] is None
    withdrawn = c.post(f"/api/v1/family/volunteers/requests/{req.pk}/answer/", {"answer": "withdraw"},
                       content_type="application/json").json()
    assert withdrawn["my_status"] == "withdrawn"


def test_the_api_for_the_organiser(world):
    offer(world)
    act = activity(world)
    c = world.client("head_teacher_a")
    made = c.post("/api/v1/family/volunteers/requests/", {"activity": act.pk, "kind": "support", "needed": 2},
                  content_type="application/json")
    assert made.status_code == 201
    pk = made.json()["id"]
    invited = c.post(f"/api/v1/family/volunteers/requests/{pk}/invite/", {"guardians": [world.guardian_x.pk]},
                     content_type="application/json").json()
    assert [(r["guardian"], r["status"]) for r in invited["responses"]] == [(world.guardian_x.pk, "invited")]
    assert invited["responses"][0]["phone"] == world.guardian_x.masked_phone
    foreign = c.post(f"/api/v1/family/volunteers/requests/{pk}/invite/", {"guardians": [world.other_guardian.pk]},
                     content_type="application/json")
    assert foreign.status_code == 400
    early = c.post(f"/api/v1/family/volunteers/requests/{pk}/hours/", {"served": []},
                   content_type="application/json")
    assert early.status_code == 400
    assert world.client("head_teacher_b").get(f"/api/v1/family/volunteers/requests/{pk}/").status_code == 404


def test_the_model_parent_selection_shows_the_nominees_volunteer_hours(world):
    from xinhuo.family.volunteers.selectors import selection_panel
    from xinhuo.selections.models import Nomination, Selection, SelectionKind

    req = request(world, activity(world, "秋季运动会", days=-5, status="summarised"))
    VolunteerResponse.objects.create(request=req, guardian=world.guardian_x, status="accepted", served=True,
                                     hours=Decimal("4"))
    selection = Selection.objects.create(school=world.school, kind=SelectionKind.MODEL_PARENT,
                                         title="2026年度榜样家长", school_year=world.year, criteria="热心家校共育",
                                         quota=3, issuer="薪火实验中学")
    Nomination.objects.create(selection=selection, guardian=world.guardian_x, name="张大明", group="初一1班",
                              reason="志愿服务积极")
    page = world.client("director").get(reverse("selections:detail", args=[selection.pk])).content.decode()
    assert 'id="volunteers-selection-panel"' in page
    data = selection_panel(world.actor("director"), selection)
    assert data is not None and data["rows"][0]["hours"] == Decimal("4") and data["rows"][0]["duties"] == 1
    assert selection_panel(world.actor("head_teacher_a"), selection) is None  # not the committee


def test_the_organiser_confirms_the_hours_on_the_page_after_the_duty(world):
    req = request(world, activity(world, "秋季运动会", days=-5, status="summarised"))
    invite(world, req, status="accepted")
    invite(world, req, world.guardian_z, status="accepted")
    c = world.client("head_teacher_a")
    page = c.get(reverse("family:volunteers-request", args=[req.pk])).content.decode()
    assert 'id="hours"' in page and f'id="hours-{world.guardian_x.pk}"' in page
    c.post(reverse("family:volunteers-request-hours", args=[req.pk]),
           {"served": [world.guardian_x.pk], f"hours-{world.guardian_x.pk}": "3"})
    served = {r.guardian_id: (r.served, r.hours) for r in VolunteerResponse.objects.filter(request=req)}
    assert served == {world.guardian_x.pk: (True, Decimal("3")), world.guardian_z.pk: (False, None)}
    c.post(reverse("family:volunteers-request-hours", args=[req.pk]),
           {"served": [world.guardian_x.pk], f"hours-{world.guardian_x.pk}": "99"})  # refused, unchanged
    assert VolunteerResponse.objects.get(request=req, guardian=world.guardian_x).hours == Decimal("3")
