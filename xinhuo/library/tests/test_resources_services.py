"""The resource library's writes and reads (RES-1): bad input refused with the field named and nothing written;
uploads checked by content (a fake PDF refused), a PDF's and a Word file's text extracted; audiences scope lists
and single resources alike (selectors and rules agree); a view counted once per person per day; ratings and
favourites; used-in links only to activities the contributor sees."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone, translation

from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.library.models import Collection, DailyView, Favourite, Rating, Resource, UsedIn
from xinhuo.library.resources import rules, selectors, services

pytestmark = pytest.mark.django_db


def cn_pdf(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 720, text)
    c.save()
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def make(world, persona: str = "director", **kw) -> Resource:
    fields = {"kind": "article", "title": "红色故事：狼牙山五壮士", "body": "1941年秋……", "audiences": ["students"],
              "status": "published", **kw}
    return services.resource_save(actor=world.actor(persona), **fields)


def refused(call) -> dict:
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        call()
    return exc.value.message_dict


def test_bad_input_names_its_fields_and_writes_nothing(world):
    errors = refused(lambda: make(world, kind="nope", title="", audiences=[]))
    assert {"kind", "title", "audiences"} <= set(errors)
    errors = refused(lambda: make(world, kind="link", external_url="ftp://x"))
    assert "external_url" in errors
    errors = refused(lambda: make(world, kind="article", body=""))
    assert "body" in errors
    errors = refused(lambda: make(world, kind="document"))
    assert "upload" in errors
    errors = refused(lambda: make(world, audiences=["parents"], grades=[world.grade.pk]))
    assert "grades" in errors
    errors = refused(lambda: make(world, tags="x" * 30))
    assert "tags" in errors
    assert not Resource.objects.exists()


def test_contributors_only_and_drafts_stay_with_their_contributor(world):
    with pytest.raises(Http404):
        make(world, "parent_x")
    draft = make(world, "head_teacher_a", status="draft", audiences=["students", "parents"])
    assert draft.contributor == world.users["head_teacher_a"]
    assert rules.can(world.actor("head_teacher_a"), "view_resource", draft)
    assert rules.can(world.actor("director"), "view_resource", draft)
    for persona in ("counsellor", "student_x", "parent_x"):
        assert not rules.can(world.actor(persona), "view_resource", draft)
        assert not selectors.resources(world.actor(persona)).filter(pk=draft.pk).exists()
    with pytest.raises(Http404):
        services.resource_save(actor=world.actor("counsellor"), resource=draft, kind="article", title="x",
                               body="y", audiences=["students"])


def test_fake_pdf_refused_and_text_extracted_from_pdf_and_word(world):
    fake = SimpleUploadedFile("课件.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    errors = refused(lambda: make(world, kind="document", upload=fake))
    assert "upload" in errors and not Resource.objects.exists()
    pdf = make(world, kind="document", body="", upload=SimpleUploadedFile("课件.pdf", cn_pdf("狼牙山五壮士的故事")))
    assert "狼牙山五壮士" in pdf.extracted_text and pdf.file_name == "课件.pdf" and pdf.size > 0
    assert pdf.file.name.endswith(".pdf") and "课件" not in pdf.file.name
    word = make(world, kind="document", upload=SimpleUploadedFile("讲稿.docx", docx_bytes("家庭教育：学会倾听孩子")))
    assert "学会倾听孩子" in word.extracted_text
    plain = make(world, kind="document", upload=SimpleUploadedFile("a.pdf", pdf_bytes()))
    assert plain.extracted_text == ""  # no text layer: kept, nothing to search


def test_video_by_content_and_image_pending(world):
    fake = SimpleUploadedFile("微课.mp4", b"not a video at all", content_type="video/mp4")
    assert "upload" in refused(lambda: make(world, kind="video", upload=fake))
    video = make(world, kind="video", upload=SimpleUploadedFile("微课.mp4", b"\x00\x00\x00\x18ftypmp42" + b"0" * 100))
    assert video.file.name.endswith(".mp4") and video.size == 112 and services.content_type(video) == "video/mp4"
    linked = make(world, kind="video", external_url="https://www.example.cn/v/1")
    assert linked.external_url and not linked.file
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    image = make(world, kind="image", upload=SimpleUploadedFile("照片.png", out.getvalue()))
    assert image.file  # re-encoded by the worker (process_later; the immediate backend in tests)


def test_audience_scoping_agrees_with_rules(world):
    from xinhuo.core.models import Grade

    grade9 = Grade.objects.create(school=world.school, name="初三", level=9)
    made = {
        "students": make(world, title="学生", audiences=["students"]),
        "grade7": make(world, title="初一学生", audiences=["students"], grades=[world.grade.pk]),
        "grade9": make(world, title="初三学生", audiences=["students"], grades=[grade9.pk]),
        "parents": make(world, title="家长", audiences=["parents"]),
        "elders": make(world, title="五老", audiences=["elders"]),
        "teachers": make(world, title="教师", audiences=["teachers"]),
        "draft": make(world, title="草稿", status="draft"),
    }
    expected = {
        "student_x": {"students", "grade7"},
        "parent_x": {"parents"},
        "elder": {"elders"},
        "counsellor": {"students", "grade7", "grade9", "parents", "elders", "teachers"},
        "director": set(made),
        "outsider": set(),
    }
    for persona, names in expected.items():
        actor = world.actor(persona)
        listed = set(selectors.resources(actor).values_list("pk", flat=True))
        assert listed == {made[n].pk for n in names}, persona
        for name, resource in made.items():
            assert rules.can(actor, "view_resource", resource) == (name in names), (persona, name)


def test_view_counted_once_per_person_per_day(world, monkeypatch):
    resource = make(world, audiences=["students", "parents"])
    parent, student = world.actor("parent_x"), world.actor("student_x")
    assert services.view_record(actor=parent, resource=resource) is True
    assert services.view_record(actor=parent, resource=resource) is False
    assert services.view_record(actor=student, resource=resource) is True
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert services.view_record(actor=parent, resource=resource) is True
    resource.refresh_from_db()
    assert resource.view_count == 3 and DailyView.objects.count() == 3
    draft = make(world, status="draft")
    assert services.view_record(actor=world.actor("director"), resource=draft) is False
    with pytest.raises(Http404):
        services.view_record(actor=world.actor("elder"), resource=resource)


def test_ratings_and_favourites(world):
    resource = make(world, audiences=["parents"])
    parent = world.actor("parent_x")
    assert services.favourite_toggle(actor=parent, resource=resource) is True
    assert list(selectors.my_favourites(parent)) == [resource]
    assert services.favourite_toggle(actor=parent, resource=resource) is False
    assert not Favourite.objects.exists()
    assert "stars" in refused(lambda: services.resource_rate(actor=parent, resource=resource, stars=6))
    services.resource_rate(actor=parent, resource=resource, stars=4)
    services.resource_rate(actor=parent, resource=resource, stars=5)
    assert Rating.objects.get().stars == 5
    assert selectors.rating_of(resource) == {"average": 5, "count": 1}
    with pytest.raises(Http404):
        services.resource_rate(actor=world.actor("student_x"), resource=resource, stars=3)


def test_collections_and_used_in(world):
    director = world.actor("director")
    red = services.collection_save(actor=director, title="红色故事100讲", description="百个红色故事")
    assert "title" in refused(lambda: services.collection_save(actor=director, title="红色故事100讲"))
    with pytest.raises(Http404):
        services.collection_save(actor=world.actor("head_teacher_a"), title="x")
    first = make(world, title="第1讲", collections=[red.pk])
    second = make(world, title="第2讲", collections=[red.pk])
    assert [r.pk for r in selectors.collection_resources(director, red)] == [first.pk, second.pk]
    services.collection_move(actor=director, collection=red, resource=second, up=True)
    assert [r.pk for r in selectors.collection_resources(director, red)] == [second.pk, first.pk]
    assert selectors.collection_detail(world.actor("parent_x"), red.pk).visible_count == 0
    assert "collections" in refused(lambda: make(world, collections=[Collection.objects.create(
        school=world.other, title="外校").pk]))
    from xinhuo.activities.models import Activity

    activity = Activity.objects.create(school=world.school, title="清明祭英烈", kind="festival",
                                       starts_at=timezone.now(), ends_at=timezone.now(), status="approved",
                                       organiser=world.users["director"])
    services.used_in_add(actor=director, resource=first, activity=activity.pk)
    assert [a for _link, a in selectors.used_in(director, first)["activities"]] == [activity]
    assert "activity" in refused(lambda: services.used_in_add(actor=director, resource=first))
    assert UsedIn.objects.count() == 1


def test_edit_keeps_or_replaces_the_file_and_the_old_one_leaves_storage(world, django_capture_on_commit_callbacks):
    director = world.actor("director")
    doc = make(world, kind="document", upload=SimpleUploadedFile("讲稿.docx", docx_bytes("第一版讲稿")))
    first = doc.file.name
    storage = doc.file.storage
    kept = services.resource_save(actor=director, resource=doc, kind="document", title="新标题",
                                  audiences=["students", "teachers"], status="published")
    assert kept.file.name == first and "第一版讲稿" in kept.extracted_text and kept.for_teachers
    with django_capture_on_commit_callbacks(execute=True):
        replaced = services.resource_save(actor=director, resource=doc, kind="document", title="新标题",
                                          audiences=["students"], status="published",
                                          upload=SimpleUploadedFile("讲稿2.docx", docx_bytes("第二版讲稿")))
    assert replaced.file.name != first and not storage.exists(first)
    assert "第二版讲稿" in replaced.extracted_text and replaced.file_name == "讲稿2.docx"
    second = replaced.file.name
    with django_capture_on_commit_callbacks(execute=True):
        article = services.resource_save(actor=director, resource=doc, kind="article", title="改成文章", body="正文",
                                         audiences=["students"], status="published")
    assert not article.file and article.extracted_text == "" and not storage.exists(second)
