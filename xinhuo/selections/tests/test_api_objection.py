"""An objection during the publicity over the API (issue 20): anyone of the school who sees the publicity list objects
to a proposed winner through the page's service, with the same refusals (400 with the message, nothing written)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from xinhuo.core.tests.helpers import msg, post
from xinhuo.selections.models import Objection, Selection
from xinhuo.selections.tests import helpers as h


def test_a_student_objects_to_a_proposed_winner_and_the_committee_is_told(world):
    sel = h.publicity_selection(world)
    n = h.proposed_nomination(world)
    r = post(world, "student_y", f"/api/v1/selections/{sel.pk}/objection/", {"nomination": n.pk,
                                                                             "text": "他的事迹与实际不符"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["nomination"], body["text"]) == (n.pk, "他的事迹与实际不符")
    objection = Objection.objects.get(pk=body["id"])
    assert (objection.raised_by, objection.outcome) == (world.users["student_y"], "")
    # the committee's page lists it to answer, as one raised on the page
    page = world.client("director").get(reverse("selections:detail", args=[sel.pk]))
    assert "他的事迹与实际不符" in page.content.decode()


def test_objection_refusals_write_nothing(world):
    sel = h.publicity_selection(world)
    n = h.proposed_nomination(world)
    url = f"/api/v1/selections/{sel.pk}/objection/"
    before = Objection.objects.count()
    r = post(world, "elder", url, {"nomination": n.pk, "text": ""})
    assert r.status_code == 400 and r.json() == {"text": [msg(
        "Say what the objection is, with facts the committee can check.")]}
    # parent_x's objection is still being handled (the helper's)
    r = post(world, "parent_x", url, {"nomination": n.pk, "text": "再说一次"})
    assert r.status_code == 400 and r.json() == {"text": [msg(
        "Your objection to %(name)s is still being handled.", name="张小明")]}
    assert post(world, "elder", url, {"text": "事迹需核实"}).status_code == 400  # no nomination named
    assert post(world, "outsider", url, {"nomination": n.pk, "text": "事迹需核实"}).status_code == 404
    # a nomination of another selection under this one's address: 404
    other = h.voting_selection(world)
    assert post(world, "elder", f"/api/v1/selections/{other.pk}/objection/", {"nomination": n.pk,
                                                                              "text": "事迹需核实"}).status_code == 404
    # after the publicity ended
    Selection.objects.filter(pk=sel.pk).update(publicity_ends=timezone.localdate() - dt.timedelta(days=1))
    r = post(world, "elder", url, {"nomination": n.pk, "text": "事迹需核实"})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "The publicity ended on %(date)s.", date=(timezone.localdate() - dt.timedelta(days=1)).isoformat())]}
    assert Objection.objects.count() == before
