"""School history (RES-5): items saved or refused whole, files checked by content, the timeline's order and scope,
and the curators' rights (an elder needs the curator role; they edit what they contribute to)."""

from __future__ import annotations

import io
import wave

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from xinhuo.elders.models import Assignment
from xinhuo.library.history import selectors, services
from xinhuo.library.models import HistoryItem

pytestmark = pytest.mark.django_db


def png(name="photo.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 40, 40)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def wav() -> SimpleUploadedFile:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 8000)
    return SimpleUploadedFile("story.wav", buf.getvalue(), content_type="audio/wav")


def make_curator(world):
    Assignment.objects.create(school=world.school, elder=world.elder, role="school_history", need="校史整理",
                              start_on=timezone.localdate())


def save(world, persona="director", **kw):
    fields = {"kind": "object", "title": "老校钟", "year": 1960, "theme": "founding", "status": "published"}
    fields.update(kw)
    return services.item_save(actor=world.actor(persona), **fields)


def test_bad_input_is_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as refused:
        save(world, title="", year=3000, theme="nope", kind="photo", upload=SimpleUploadedFile("x.png", b"not"))
    assert {"title", "year", "theme", "upload"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError) as refused:
        save(world, kind="document")  # a document needs its file
    assert "upload" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        save(world, contributors=[world.users["student_x"].pk])  # not a curator nor the committee
    assert "contributors" in refused.value.message_dict
    assert not HistoryItem.objects.exists()


def test_uploads_are_checked_by_content(world):
    photo = save(world, kind="photo", upload=png())
    assert photo.file.name.endswith(".png") and photo.file_name == "photo.png"
    with pytest.raises(ValidationError):  # a text file renamed .mp3 is not a recording
        save(world, kind="oral_history", upload=SimpleUploadedFile("talk.mp3", b"hello" * 100))
    oral = save(world, kind="oral_history", upload=wav(), title="周老讲建校")
    assert oral.file.name.endswith(".wav") and services.content_type(oral) == "audio/wav"
    response = world.client("student_x").get(reverse("library:history-file", args=[oral.pk]),
                                              HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206


def test_timeline_is_ordered_by_year_and_drafts_are_unseen(world):
    save(world, title="新教学楼落成", year=1985)
    save(world, title="建校", year=1956)
    save(world, title="百年校庆筹备", year=2025, status="draft")
    student = world.actor("student_x")
    rows = list(selectors.item_list(student))
    assert [i.title for i in rows] == ["建校", "新教学楼落成"]
    groups = selectors.timeline(rows)
    assert [g["decade"] for g in groups] == [1950, 1980]
    assert len(selectors.item_list(world.actor("director"))) == 3
    page = world.client("student_x").get(reverse("library:history-timeline"))
    assert "建校" in page.content.decode() and "百年校庆筹备" not in page.content.decode()
    assert not selectors.item_list(world.actor("outsider")).exists()  # another school's timeline
    assert [i.title for i in selectors.item_list(student, theme="founding", decade=1980)] == ["新教学楼落成"]


def test_curators_add_and_edit_what_they_contribute_to(world):
    with pytest.raises(Http404):  # an elder without the curator role
        save(world, "elder", status="draft")
    make_curator(world)
    own = save(world, "elder", status="draft")
    assert list(own.contributors.all()) == [world.users["elder"]]
    services.item_save(actor=world.actor("elder"), item=own, kind="object", title="老校钟（1960）", year=1960,
                       theme="founding", status="published")
    own.refresh_from_db()
    assert own.title == "老校钟（1960）" and own.contributors.filter(pk=world.users["elder"].pk).exists()
    others = save(world, title="校徽的变迁", year=1978)
    with pytest.raises(Http404):
        services.item_save(actor=world.actor("elder"), item=others, kind="object", title="x", year=1978,
                           theme="founding")
    with pytest.raises(Http404):
        save(world, "head_teacher_a")
    drafted = save(world, title="未公开", status="draft", contributors=[world.users["elder"].pk])
    assert selectors.item_detail(world.actor("elder"), drafted.pk) == drafted
    with pytest.raises(Http404):
        selectors.item_detail(world.actor("parent_x"), drafted.pk)


def test_the_demo_timeline(world):
    from types import SimpleNamespace

    from xinhuo.library.history import demo

    demo.build(SimpleNamespace(named=True, director=world.users["director"], school=world.school))
    rows = list(selectors.item_list(world.actor("student_x")))
    assert len(rows) == 20 and rows[0].year == 1956 and rows[-1].year == 2026
    assert {r.kind for r in rows} == {"photo", "document", "object", "oral_history"}
    assert all(r.contributors.exists() for r in rows)


def test_the_api_adds_an_item_for_a_curator_and_refuses_bad_input(world):
    make_curator(world)
    client = world.client("elder")
    url = reverse("api:library-history-list")
    bad = client.post(url, {"kind": "photo", "title": "x", "year": 1960, "theme": "founding"})
    assert bad.status_code == 400 and "upload" in bad.json()
    assert not HistoryItem.objects.exists()
    made = client.post(url, {"kind": "photo", "title": "老操场", "year": 1962, "theme": "campus_life",
                             "upload": png()})
    assert made.status_code == 201, made.content
    assert made.json()["contributors"] == [world.users["elder"].display_name]
    assert world.client("parent_x").post(url, {"title": "x"}).status_code == 404


def test_search_finds_an_item_by_its_contributor(world):
    from xinhuo.library.search.models import SearchEntry

    make_curator(world)
    item = save(world, "elder", title="老校钟的故事", status="published")
    entry = SearchEntry.objects.filter(kind="history", object_id=item.pk).first()
    assert entry is not None and world.users["elder"].display_name in entry.text
