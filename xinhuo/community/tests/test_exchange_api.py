"""The exchange over the API (COM-5): the same services and rules as the pages — staff list and read, the committee
writes (a refusal is a 400 with the service's words, nothing written), the owner marks a document done, a
document is uploaded and checked like on the page; others 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from xinhuo.community.exchange.models import EntryKind, ExchangeEntry, Peer

from .test_exchange_services import county, notice, pdf, sister  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_committee_adds_a_peer_and_a_refusal_writes_nothing(world):
    c = world.client("leader")
    url = reverse("api:exchange-peer-list")
    bad = c.post(url, {"name": "", "kind": "higher", "contact_phone": "110"}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()) >= {"name", "contact_phone"} and not Peer.objects.exists()
    ok = c.post(url, {"name": "县关工委", "kind": "higher", "contact_phone": "13811112222"},
                content_type="application/json")
    assert ok.status_code == 201 and ok.json()["contact_phone"] == "13811112222"
    assert Peer.objects.get().school == world.school
    assert world.client("head_teacher_a").post(url, {"name": "某校"}, content_type="application/json"
                                               ).status_code == 404


def test_patching_a_peer_keeps_what_is_not_sent(world, county):  # noqa: F811
    response = world.client("director").patch(reverse("api:exchange-peer-detail", args=[county.pk]),
                                              {"note": "每季度一次推进会"}, content_type="application/json")
    assert response.status_code == 200
    county.refresh_from_db()
    assert county.note == "每季度一次推进会" and county.contact_phone == "13811112222" and county.name == "县关工委"


def test_an_entry_with_a_document_is_logged_through_multipart(world, county):  # noqa: F811
    c = world.client("director")
    response = c.post(reverse("api:exchange-entry-list"), {
        "peer": county.pk, "kind": "document", "direction": "out", "date": "2026-11-28",
        "title": "本校经验材料", "file": pdf()})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file_name"] == "经验材料.pdf" and body["direction_label"] and body["file_url"]
    fake = c.post(reverse("api:exchange-entry-list"), {
        "peer": county.pk, "kind": "document", "direction": "out", "date": "2026-11-28", "title": "假文件",
        "file": pdf("a.docx")})
    assert fake.status_code == 400 and "file" in fake.json()
    assert ExchangeEntry.objects.count() == 1


def test_a_refused_entry_says_why(world, county):  # noqa: F811
    response = world.client("director").post(reverse("api:exchange-entry-list"), {
        "peer": county.pk, "kind": "visit", "date": "2026-11-28", "title": "调研"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["direction"] == [gettext("Say who visited whom: they came to us, or we went to them.")]


def test_the_log_filters_and_the_owner_marks_done(world, county, sister):  # noqa: F811
    doc = notice(world, county)
    from xinhuo.community.exchange import services

    services.entry_create(actor=world.actor("director"), peer=sister, kind=EntryKind.MEETING,
                          date=dt.date(2025, 10, 1), title="去年的交流")
    c = world.client("counsellor")
    url = reverse("api:exchange-entry-list")
    assert {r["title"] for r in c.get(url).json()["results"]} == {doc.title, "去年的交流"}
    assert [r["title"] for r in c.get(url, {"year": 2025}).json()["results"]] == ["去年的交流"]
    assert [r["id"] for r in c.get(url, {"open": 1}).json()["results"]] == [doc.pk]
    assert [r["id"] for r in c.get(url, {"peer": sister.pk}).json()["results"]] != [doc.pk]
    done_url = reverse("api:exchange-entry-done", args=[doc.pk])
    assert c.post(done_url, {"note": "已办"}, content_type="application/json").status_code == 404
    owner = world.client("head_teacher_a")
    assert owner.post(done_url, {"note": ""}, content_type="application/json").status_code == 400
    done = owner.post(done_url, {"note": "已报送调研表"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["done_note"] == "已报送调研表" and done.json()["done_at"]


def test_deleting_through_the_api_is_the_committees(world, county):  # noqa: F811
    doc = notice(world, county)
    url = reverse("api:exchange-entry-detail", args=[doc.pk])
    assert world.client("head_teacher_a").delete(url).status_code == 404
    assert world.client("director").delete(url).status_code == 204
    assert not ExchangeEntry.objects.exists()
    busy = notice(world, county)
    assert world.client("director").delete(reverse("api:exchange-peer-detail", args=[county.pk])).status_code == 400
    assert ExchangeEntry.objects.filter(pk=busy.pk).exists()
