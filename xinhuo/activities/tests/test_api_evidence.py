"""An activity's photos and files on a phone (issue 20): its organiser adds and removes them over the API as on the
activity's page — each upload checked by core.uploads (a real picture, an allowed kind of file), one bad photo
refusing the batch, nothing kept when refused — and everyone who sees the activity reads the list. Others may not
add or remove (404)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from xinhuo.activities.models import ActivityFile, ActivityPhoto, ActivityStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.support import msg
from xinhuo.core.tests.upload_samples import pdf_bytes

API = "/api/v1/activities"


def png(name: str = "合影.png", size=(2400, 1200)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, h.png_bytes(size), content_type="image/png")


def not_a_picture(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"not a picture at all, only words", content_type="image/jpeg")


def pdf(name: str = "活动方案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def photos() -> list[tuple]:
    return list(ActivityPhoto.objects.order_by("pk").values_list("activity_id", "caption", "uploaded_by"))


def test_the_organiser_adds_photos_as_the_page_does(world):
    a = h.published(world)
    teacher = world.client("head_teacher_a")
    assert teacher.post(reverse("activities:photo-add", args=[a.pk]),
                        {"images": [png()], "caption": "集体合影"}).status_code == 302
    r = teacher.post(f"{API}/{a.pk}/photos/", {"images": [png(), png("second.png", (300, 200))],
                                               "caption": "集体合影"})
    assert r.status_code == 201, r.content
    assert [p["caption"] for p in r.json()] == ["集体合影", "集体合影"]
    teacher_pk = world.users["head_teacher_a"].pk
    assert photos() == [(a.pk, "集体合影", teacher_pk)] * 3
    kept = ActivityPhoto.objects.get(pk=r.json()[0]["id"])
    assert "合影" not in kept.image.name  # a random name, not the uploader's, as on the page
    with kept.image.open("rb") as f, Image.open(io.BytesIO(f.read())) as img:
        assert img.size == (1600, 800)  # resized like the page's upload
    # everyone who sees the activity reads the list
    listed = world.client("parent_x").get(f"{API}/{a.pk}/photos/")
    assert listed.status_code == 200 and [p["id"] for p in listed.json()] == list(
        ActivityPhoto.objects.order_by("pk").values_list("pk", flat=True))


def test_one_bad_photo_refuses_the_batch_with_the_pages_message(world):
    a = h.published(world)
    teacher = world.client("head_teacher_a")
    r = teacher.post(f"{API}/{a.pk}/photos/", {"images": [png(), not_a_picture()]})
    assert r.status_code == 400 and r.json() == {"images": [msg(
        "“%(name)s” is not a picture Xinhuo can read: upload a JPEG, PNG or WebP photo.", name="photo.jpg")]}
    r = teacher.post(f"{API}/{a.pk}/photos/", {"caption": "没有照片"})
    assert r.status_code == 400 and r.json() == {"images": [msg("Choose at least one photo.")]}
    r = teacher.post(f"{API}/{a.pk}/photos/", {}, content_type="application/json")
    assert r.status_code == 400 and r.json() == {"images": [msg("Choose at least one photo.")]}
    assert not ActivityPhoto.objects.exists()


def test_the_organiser_adds_a_file_checked_by_type(world):
    a = h.published(world)
    teacher = world.client("head_teacher_a")
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    r = teacher.post(f"{API}/{a.pk}/files/", {"file": exe})
    assert r.status_code == 400 and list(r.json()) == ["file"] and "setup.exe" in r.json()["file"][0]
    r = teacher.post(f"{API}/{a.pk}/files/", {})
    assert r.status_code == 400 and r.json() == {"file": [msg("Choose a file.")]}
    assert not ActivityFile.objects.exists()
    r = teacher.post(f"{API}/{a.pk}/files/", {"file": pdf()})
    assert r.status_code == 201, r.content
    assert (r.json()["name"], r.json()["content_type"]) == ("活动方案.pdf", "application/pdf")
    assert teacher.post(reverse("activities:file-add", args=[a.pk]), {"file": pdf()}).status_code == 302
    api_row, page_row = ActivityFile.objects.order_by("pk").values_list("name", "content_type", "uploaded_by")
    assert api_row == page_row == ("活动方案.pdf", "application/pdf", world.users["head_teacher_a"].pk)
    assert [f["name"] for f in world.client("student_x").get(f"{API}/{a.pk}/files/").json()] == ["活动方案.pdf"] * 2


def test_the_organiser_removes_a_photo_and_a_file(world):
    photo, file = h.photo(world), h.file_of(world)
    a = photo.activity
    teacher = world.client("head_teacher_a")
    assert teacher.delete(f"{API}/{a.pk}/photos/{photo.pk}/").status_code == 204
    assert teacher.delete(f"{API}/{a.pk}/files/{file.pk}/").status_code == 204
    assert not ActivityPhoto.objects.exists() and not ActivityFile.objects.exists()


def test_evidence_stays_once_the_activity_is_archived(world):
    photo = h.photo(world)
    a = photo.activity
    a.status = ActivityStatus.ARCHIVED
    a.save(update_fields=["status"])
    teacher = world.client("head_teacher_a")
    r = teacher.delete(f"{API}/{a.pk}/photos/{photo.pk}/")
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "The activity is %(status)s: its evidence can no longer change.", status=ActivityStatus.ARCHIVED.label)]}
    r = teacher.post(f"{API}/{a.pk}/photos/", {"images": [png()]})
    assert r.status_code == 400
    assert ActivityPhoto.objects.count() == 1


@pytest.mark.parametrize("persona", ["head_teacher_b", "leader", "counsellor", "parent_x", "student_x", "outsider"])
def test_only_the_organiser_adds_or_removes(world, persona):
    photo, file = h.photo(world), h.file_of(world)
    a = photo.activity
    c = world.client(persona)
    assert c.post(f"{API}/{a.pk}/photos/", {"images": [png()]}).status_code == 404
    assert c.post(f"{API}/{a.pk}/files/", {"file": pdf()}).status_code == 404
    assert c.delete(f"{API}/{a.pk}/photos/{photo.pk}/").status_code == 404
    assert c.delete(f"{API}/{a.pk}/files/{file.pk}/").status_code == 404
    assert list(ActivityPhoto.objects.values_list("pk", flat=True)) == [photo.pk]
    assert list(ActivityFile.objects.values_list("pk", flat=True)) == [file.pk]


def test_a_photo_of_another_activity_is_not_removed_through_this_one(world):
    photo = h.photo(world)
    mine = h.make(world, "另一个活动", starts_at=h.at(2), ends_at=h.at(2, 11) + dt.timedelta(hours=1))
    assert world.client("head_teacher_a").delete(f"{API}/{mine.pk}/photos/{photo.pk}/").status_code == 404
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()
