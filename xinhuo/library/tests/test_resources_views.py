"""The resource library's pages and API (RES-1): a video streamed with ranges (206 and Content-Range) so a phone can
seek; the detail page counts a view once a day and shows the player; the contributor's form refuses a renamed file
and writes nothing; the list and home pages' queries do not grow with the resources; the API's writes (favourite,
rate, view) and its audience scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from xinhuo.library.models import Collection, CollectionItem, Favourite, Rating, Resource
from xinhuo.library.resources import services

pytestmark = pytest.mark.django_db
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4


def lecture(world, **kw) -> Resource:
    fields = {"kind": "video", "title": "家庭教育微课：学会倾听", "audiences": ["parents"], "status": "published",
              "upload": SimpleUploadedFile("倾听.mp4", MP4), **kw}
    return services.resource_save(actor=world.actor("director"), **fields)


def test_video_streams_with_ranges_for_its_audience_only(world):
    resource = lecture(world)
    c = world.client("parent_x")
    url = reverse("library:resources-file", args=[resource.pk])
    part = c.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(MP4)}" and part["Content-Type"] == "video/mp4"
    assert b"".join(part.streaming_content) == MP4[100:200]
    whole = c.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert world.client("student_x").get(url, HTTP_RANGE="bytes=0-9").status_code == 404


def test_detail_page_shows_the_player_and_counts_once(world):
    resource = lecture(world)
    c = world.client("parent_x")
    page = c.get(reverse("library:resources-detail", args=[resource.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="library-player"' in body and reverse("library:resources-file", args=[resource.pk]) in body
    c.get(reverse("library:resources-detail", args=[resource.pk]))
    resource.refresh_from_db()
    assert resource.view_count == 1


def test_form_refuses_a_renamed_file_and_writes_nothing(world):
    c = world.client("head_teacher_a")
    with translation.override("en"):
        response = c.post(reverse("library:resources-create"), {
            "kind": "document", "title": "课件", "audiences": ["students"], "status": "published",
            "upload": SimpleUploadedFile("课件.pdf", b"MZ\x90\x00 not a pdf")})
    assert response.status_code == 400 and not Resource.objects.exists()
    response = c.post(reverse("library:resources-create"), {
        "kind": "article", "title": "清明节的由来", "body": "清明节……", "audiences": ["students", "parents"],
        "tags": "传统节日，清明", "status": "published"})
    assert response.status_code == 302
    made = Resource.objects.get()
    assert made.tag_list == ["传统节日", "清明"] and made.contributor == world.users["head_teacher_a"]


def _count(c, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n: int, collection: Collection) -> None:
    start = Resource.objects.count()
    made = Resource.objects.bulk_create([
        Resource(school=world.school, kind="article", title=f"第{start + i}讲", body="……", status="published",
                 for_parents=True, for_students=True, tags=",红色故事,", view_count=i) for i in range(n)])
    CollectionItem.objects.bulk_create([CollectionItem(collection=collection, resource=r, position=r.pk)
                                        for r in made])
    Favourite.objects.bulk_create([Favourite(resource=r, user=world.users["parent_x"]) for r in made])


@pytest.mark.parametrize("persona", ["director", "parent_x", "student_x"])
def test_list_and_home_queries_do_not_grow(world, persona):
    red = Collection.objects.create(school=world.school, title="红色故事100讲")
    _grow(world, 60, red)  # past a page: each list pays its one COUNT already
    c = world.client(persona)
    urls = [reverse("library:resources-home"), reverse("library:resources-list"),
            reverse("library:resources-list") + "?tag=红色故事&kind=article",
            reverse("library:resources-collection", args=[red.pk]), "/api/v1/library/resources/"]
    for url in urls:
        _count(c, url)  # warm-up
    few = [_count(c, url) for url in urls]
    _grow(world, 40, red)
    assert [_count(c, url) for url in urls] == few


def test_api_scoping_and_writes(world):
    resource = lecture(world)
    parent = world.client("parent_x")
    listed = parent.get("/api/v1/library/resources/").json()
    assert [r["id"] for r in listed["results"]] == [resource.pk]
    assert listed["results"][0]["file_url"] == reverse("library:resources-file", args=[resource.pk])
    assert world.client("student_x").get("/api/v1/library/resources/").json()["results"] == []
    base = f"/api/v1/library/resources/{resource.pk}/"
    assert parent.post(base + "favourite/").json() == {"is_favourite": True}
    assert parent.get(base).json()["is_favourite"] is True
    rated = parent.post(base + "rate/", {"stars": 4}, content_type="application/json")
    assert rated.status_code == 200 and rated.json()["my_rating"] == 4
    assert parent.post(base + "rate/", {"stars": 9}, content_type="application/json").status_code == 400
    assert Rating.objects.get().stars == 4
    assert parent.post(base + "view/").json() == {"counted": True, "view_count": 1}
    assert parent.post(base + "view/").json() == {"counted": False, "view_count": 1}
    assert world.client("elder").post(base + "favourite/").status_code == 404


def test_the_activity_page_lists_the_resources_it_used(world):
    from django.utils import timezone

    from xinhuo.activities.models import Activity

    activity = Activity.objects.create(school=world.school, title="家长开放日", kind="parent_day", status="approved",
                                       starts_at=timezone.now(), ends_at=timezone.now(), audience_parents=True,
                                       organiser=world.users["director"])
    resource = lecture(world)
    services.used_in_add(actor=world.actor("director"), resource=resource, activity=activity.pk)
    url = reverse("activities:detail", args=[activity.pk])
    assert resource.title in world.client("parent_x").get(url).content.decode()
    page = world.client("counsellor").get(url).content.decode()
    assert 'id="activity-library"' in page
    student = world.client("student_x").get(url)
    assert 'id="activity-library"' not in student.content.decode()


def test_an_elder_contributes_from_a_phone_through_the_api(world):
    from xinhuo.core.tests.upload_samples import pdf_bytes

    url = "/api/v1/library/resources/"
    elder = world.client("elder")
    fake = SimpleUploadedFile("讲稿.pdf", b"<html>not a pdf</html>", "application/pdf")
    refused = elder.post(url, {"kind": "document", "title": "红色故事讲稿", "audiences": ["students"], "upload": fake})
    assert refused.status_code == 400 and "upload" in refused.json()
    assert elder.post(url, {"kind": "article", "title": "", "audiences": ["students"]}).status_code == 400
    assert not Resource.objects.exists()
    upload = SimpleUploadedFile("讲稿.pdf", pdf_bytes(), "application/pdf")
    made = elder.post(url, {"kind": "document", "title": "红色故事讲稿", "audiences": ["students", "elders"],
                            "tags": "红色故事", "upload": upload})
    assert made.status_code == 201, made.content
    body = made.json()
    resource = Resource.objects.get()
    assert body["id"] == resource.pk and body["status"] == "draft" and body["file_url"]
    assert resource.contributor == world.users["elder"] and sorted(body["audiences"]) == ["elders", "students"]
    assert world.client("parent_x").post(url, {"kind": "article", "title": "x", "audiences": ["parents"],
                                               "body": "正文"}).status_code == 404


def test_a_contributor_edits_their_resource_through_the_api_and_only_what_they_send_changes(world):
    draft = services.resource_save(actor=world.actor("head_teacher_a"), kind="article", title="红色故事：小英雄雨来",
                                   body="雨来是晋察冀边区的小英雄。", tags="红色故事, 小学", audiences=["students"])
    url = f"/api/v1/library/resources/{draft.pk}/"
    teacher = world.client("head_teacher_a")
    changed = teacher.patch(url, {"summary": "讲给初一学生听", "status": "published"}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    draft.refresh_from_db()
    assert (draft.summary, draft.status, draft.title, draft.body) == (
        "讲给初一学生听", "published", "红色故事：小英雄雨来", "雨来是晋察冀边区的小英雄。")
    assert draft.tag_list == ["红色故事", "小学"] and draft.audiences == ["students"]
    assert changed.json()["summary"] == "讲给初一学生听"
    # bad input: refused with the field's message, nothing changes
    for bad, field in (({"title": ""}, "title"), ({"audiences": []}, "audiences"), ({"kind": "film"}, "kind")):
        refused = teacher.patch(url, bad, content_type="application/json")
        assert refused.status_code == 400 and field in refused.json(), (bad, refused.content)
    draft.refresh_from_db()
    assert draft.title == "红色故事：小英雄雨来" and draft.audiences == ["students"]
    # another head teacher sees the published article but may not change it; a parent does not see it at all
    for who, code in (("head_teacher_b", 404), ("parent_x", 404)):
        assert world.client(who).patch(url, {"summary": "x"}, content_type="application/json").status_code == code
    assert teacher.put(url, {"summary": "x"}, content_type="application/json").status_code == 405
    draft.refresh_from_db()
    assert draft.summary == "讲给初一学生听"


def test_the_committee_deletes_a_collection_and_its_resources_stay(world):
    resource = lecture(world)
    collection = services.collection_save(actor=world.actor("director"), title="家庭教育微课")
    kept = services.collection_save(actor=world.actor("director"), title="心理加油站")
    CollectionItem.objects.create(collection=collection, resource=resource, position=1)
    CollectionItem.objects.create(collection=kept, resource=resource, position=1)
    url = reverse("library:resources-collection-delete", args=[collection.pk])
    assert world.client("head_teacher_a").post(url).status_code == 404
    assert world.client("director").get(url).status_code == 405
    assert Collection.objects.filter(pk=collection.pk).exists()
    done = world.client("director").post(url)
    assert done.status_code == 302 and done["Location"] == reverse("library:resources-collections")
    assert not Collection.objects.filter(pk=collection.pk).exists()
    assert Resource.objects.filter(pk=resource.pk).exists()
    assert list(CollectionItem.objects.values_list("collection_id", flat=True)) == [kept.pk]
    edit = world.client("director").get(reverse("library:resources-collection-edit", args=[kept.pk]))
    assert 'id="library-collection-delete"' in edit.content.decode()


def test_the_home_page_shows_what_is_new_in_the_library_for_each_reader(world):
    for_parents = lecture(world)
    draft = services.resource_save(actor=world.actor("director"), kind="article", title="家访手记（草稿）",
                                   body="……", audiences=["parents"])
    home = reverse("dashboard")
    parent = world.client("parent_x").get(home).content.decode()
    assert f'data-resource="{for_parents.pk}"' in parent and f'data-resource="{draft.pk}"' not in parent
    student = world.client("student_x").get(home).content.decode()
    assert 'id="library-new"' not in student  # nothing published for students yet
