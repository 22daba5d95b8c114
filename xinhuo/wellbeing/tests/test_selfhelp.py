"""The self-help corner (PSY-4): who sees which item, the counsellors' management, audio uploads checked by content
and size, peer supporters, talk requests and their privacy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xinhuo.core.models import Grade, Notification, SchoolClass
from xinhuo.wellbeing.models import PeerSupporter, SelfHelpItem, TalkRequest
from xinhuo.wellbeing.selfhelp import selectors, services
from xinhuo.wellbeing.selfhelp.demo_content import selfhelp_demo

MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.XINHUO_WELLBEING_HOTLINES = [("全国青少年服务台", "12355")]
    return settings.MEDIA_ROOT


def item(world, title, *, kind=SelfHelpItem.Kind.ARTICLE, grades=(), for_parents=False, published=True,
         body="正文。") -> SelfHelpItem:
    found = SelfHelpItem.objects.create(school=world.school, title=title, kind=kind, topic="情绪", body=body,
                                        for_parents=for_parents, published=published)
    found.grades.set(grades)
    return found


@pytest.fixture
def items(world):
    grade9 = Grade.objects.create(school=world.school, name="初三", level=9)
    SchoolClass.objects.create(school=world.school, grade=grade9, number=1, name="1班")
    return {
        "all": item(world, "情绪急救三步法", kind=SelfHelpItem.Kind.FIRST_AID),
        "g7": item(world, "初一适应", grades=[world.grade]),
        "g9": item(world, "中考减压", grades=[grade9]),
        "parents": item(world, "和孩子谈心", for_parents=True),
        "hidden": item(world, "草稿", published=False),
        "other": SelfHelpItem.objects.create(school=world.other, title="外校文章", kind="article", topic="情绪",
                                             body="x"),
    }


def titles(world, persona) -> set[str]:
    return set(selectors.items(world.actor(persona)).values_list("title", flat=True))


# --- who sees which item ------------------------------------------------------------------------------------------


def test_a_student_sees_published_items_of_their_grade_or_every_grade(world, items):
    assert titles(world, "student_x") == {"情绪急救三步法", "初一适应", "和孩子谈心"}


def test_a_parent_sees_the_published_items_for_parents(world, items):
    assert titles(world, "parent_x") == {"和孩子谈心"}


def test_the_counsellor_sees_every_item_of_the_school_staff_every_published_one(world, items):
    assert titles(world, "counsellor") == {"情绪急救三步法", "初一适应", "中考减压", "和孩子谈心", "草稿"}
    assert titles(world, "head_teacher_a") == {"情绪急救三步法", "初一适应", "中考减压", "和孩子谈心"}
    assert titles(world, "outsider") == {"外校文章"}


def test_first_aid_guides_come_first_with_the_help_lines_and_booking(world, items):
    response = world.client("student_x").get(reverse("wellbeing:selfhelp"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="tel:12355"' in body and "全国青少年服务台" in body
    assert reverse("wellbeing:appointments") in body
    listed = [i.title for i in response.context["page"]]
    assert listed[0] == "情绪急救三步法" and "中考减压" not in listed and "草稿" not in listed
    assert reverse("wellbeing:talk-mine") in body


def test_hidden_and_other_grade_items_are_404(world, items):
    c = world.client("student_x")
    for key in ("hidden", "g9", "other"):
        assert c.get(reverse("wellbeing:selfhelp-item", args=[items[key].pk])).status_code == 404
    assert c.get(reverse("wellbeing:selfhelp-item", args=[items["g7"].pk])).status_code == 200


def test_an_articles_text_is_shown_as_plain_paragraphs(world):
    found = item(world, "注入", body="第一段<script>alert(1)</script>\n\n第二段")
    body = world.client("student_x").get(reverse("wellbeing:selfhelp-item", args=[found.pk])).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body
    assert "<p>第一段" in body and "<p>第二段</p>" in body


def test_the_filters_choose_topic_and_kind(world, items):
    c = world.client("counsellor")
    page = c.get(reverse("wellbeing:selfhelp"), {"kind": "first_aid"}).context["page"]
    assert [i.title for i in page] == ["情绪急救三步法"]


# --- managing items -----------------------------------------------------------------------------------------------


def test_the_counsellor_adds_edits_and_unpublishes_an_item(world):
    c = world.client("counsellor")
    response = c.post(reverse("wellbeing:selfhelp-create"), {
        "title": "睡眠好习惯", "kind": "article", "topic": "睡眠", "grades": [world.grade.pk], "body": "按时睡。",
        "published": "on"})
    assert response.status_code == 302
    found = SelfHelpItem.objects.get(title="睡眠好习惯")
    assert list(found.grades.all()) == [world.grade] and found.published and found.school == world.school
    response = c.post(reverse("wellbeing:selfhelp-edit", args=[found.pk]), {
        "title": "睡眠好习惯", "kind": "article", "topic": "睡眠", "body": "按时睡，早起。", "published": "on"})
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.body == "按时睡，早起。" and not found.grades.exists()
    assert c.post(reverse("wellbeing:selfhelp-publish", args=[found.pk]), {"published": "0"}).status_code == 302
    found.refresh_from_db()
    assert not found.published
    assert "睡眠好习惯" not in titles(world, "student_x")


@pytest.mark.parametrize("persona", ["head_teacher_a", "director", "student_x", "parent_x"])
def test_only_the_counsellor_manages(world, items, persona):
    c = world.client(persona)
    assert c.get(reverse("wellbeing:selfhelp-create")).status_code == 404
    assert c.post(reverse("wellbeing:selfhelp-publish", args=[items["all"].pk]),
                  {"published": "0"}).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - Http404 from actor.require
        services.item_save(actor=world.actor(persona), title="x", kind="article", topic="x", body="x")
    items["all"].refresh_from_db()
    assert items["all"].published


def test_a_refused_item_changes_nothing_and_says_why_in_chinese(world):
    c = world.client("counsellor")
    response = c.post(reverse("wellbeing:selfhelp-create"), {"title": "", "kind": "article", "topic": "睡眠"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["title"]
    assert not SelfHelpItem.objects.exists()


# --- audio --------------------------------------------------------------------------------------------------------


def stored(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_an_audio_item_is_stored_and_streamed_with_its_type(world, media):
    c = world.client("counsellor")
    response = c.post(reverse("wellbeing:selfhelp-create"), {
        "title": "478呼吸放松练习", "kind": "audio", "topic": "放松", "published": "on",
        "audio": SimpleUploadedFile("呼吸.mp3", MP3, content_type="audio/mpeg")})
    assert response.status_code == 302
    found = SelfHelpItem.objects.get()
    assert found.audio.name.endswith(".mp3") and "呼吸" not in found.audio.name
    streamed = world.client("student_x").get(reverse("wellbeing:selfhelp-audio", args=[found.pk]))
    assert streamed.status_code == 200 and streamed["Content-Type"] == "audio/mpeg"
    assert b"".join(streamed.streaming_content) == MP3


@pytest.mark.parametrize(("name", "data", "words"), [
    ("notes.mp3", b"%PDF-1.7 not audio" * 10, "不是"),
    ("song.exe", MP3, "不是"),
])
def test_an_upload_that_is_not_audio_is_refused_and_nothing_is_stored(world, media, name, data, words):
    response = world.client("counsellor").post(reverse("wellbeing:selfhelp-create"), {
        "title": "音频", "kind": "audio", "topic": "放松", "audio": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["audio"])
    assert name in message
    assert not SelfHelpItem.objects.exists() and stored(media) == []


def test_a_too_big_audio_is_refused(world, media, monkeypatch):
    monkeypatch.setattr(services, "MAX_AUDIO_BYTES", 100)
    with pytest.raises(ValidationError) as exc:
        services.item_save(actor=world.actor("counsellor"), title="音频", kind="audio", topic="放松",
                           audio=SimpleUploadedFile("long.mp3", MP3))
    assert "MB" in " ".join(exc.value.messages)
    assert not SelfHelpItem.objects.exists() and stored(media) == []


def test_an_audio_item_needs_its_file(world):
    with pytest.raises(ValidationError) as exc:
        services.item_save(actor=world.actor("counsellor"), title="音频", kind="audio", topic="放松")
    assert "audio" in exc.value.error_dict


# --- peer supporters ----------------------------------------------------------------------------------------------


def test_peer_supporters_the_counsellor_keeps_and_students_see_the_active(world):
    c = world.client("counsellor")
    response = c.post(reverse("wellbeing:selfhelp-supporter-create"), {
        "student": world.student_z.pk, "training": "朋辈辅导员培训（16学时）", "trained_on": "2026-09-10",
        "active": "on"})
    assert response.status_code == 302
    PeerSupporter.objects.create(school=world.school, student=world.student_y, training="培训",
                                 trained_on=dt.date(2026, 9, 1), active=False)
    page = world.client("student_x").get(reverse("wellbeing:selfhelp-supporters"))
    body = page.content.decode()
    assert world.student_z.name in body and world.student_y.name not in body
    assert "16学时" not in body  # names and class only
    assert world.student_y.name in c.get(reverse("wellbeing:selfhelp-supporters")).content.decode()
    twice = c.post(reverse("wellbeing:selfhelp-supporter-create"), {
        "student": world.student_z.pk, "training": "再培训", "trained_on": "2026-09-11"})
    assert twice.status_code == 400 and PeerSupporter.objects.count() == 2


def test_a_student_of_another_school_cannot_be_a_supporter(world):
    with pytest.raises(ValidationError):
        services.supporter_save(actor=world.actor("counsellor"), student=world.other_student, training="培训",
                                trained_on=dt.date(2026, 9, 1))
    assert not PeerSupporter.objects.exists()


# --- talk requests ------------------------------------------------------------------------------------------------


def test_a_talk_request_goes_to_the_counsellors_who_answer_and_the_student_sees_it(
        world, django_capture_on_commit_callbacks):
    student = world.client("student_x")
    with django_capture_on_commit_callbacks(execute=True):
        response = student.post(reverse("wellbeing:talk-mine"), {"with_whom": "heart_mentor",
                                                                  "message": "最近和同学闹矛盾，睡不好"})
    assert response.status_code == 302
    talk = TalkRequest.objects.get()
    assert talk.student == world.student_x and talk.status == TalkRequest.Status.WAITING
    link = reverse("wellbeing:talk-request", args=[talk.pk])
    told = Notification.objects.filter(link=link)
    assert set(told.values_list("recipient__username", flat=True)) == {"counsellor"}
    assert "睡不好" not in told.get().body  # the message is read on the page, not sent around
    counsellor = world.client("counsellor")
    page = counsellor.get(link).content.decode()
    assert "睡不好" in page and reverse("care:pairs") in page
    with django_capture_on_commit_callbacks(execute=True):
        assert counsellor.post(reverse("wellbeing:talk-answer", args=[talk.pk]),
                               {"status": "arranged", "answer": "周三午休在心理辅导室见周老师"}).status_code == 302
    talk.refresh_from_db()
    assert talk.status == TalkRequest.Status.ARRANGED and talk.handled_by == world.users["counsellor"]
    assert Notification.objects.filter(recipient=world.users["student_x"], link=reverse("wellbeing:talk-mine"))
    mine = student.get(reverse("wellbeing:talk-mine")).content.decode()
    assert "周三午休在心理辅导室见周老师" in mine


def test_a_talk_request_is_private(world):
    talk = services.talk_request(actor=world.actor("student_x"), with_whom="peer", message="不想让班主任知道")
    link = reverse("wellbeing:talk-request", args=[talk.pk])
    for persona in ("head_teacher_a", "director", "student_y", "parent_x", "student_x"):
        c = world.client(persona)
        assert c.get(link).status_code == 404, persona
        assert "不想让班主任知道" not in c.get(reverse("wellbeing:selfhelp")).content.decode()
    assert world.client("student_y").get(reverse("wellbeing:talk-mine")).context["requests"].count() == 0
    assert world.client("head_teacher_a").get(reverse("wellbeing:talk-mine")).status_code == 404
    assert "不想让班主任知道" not in world.client("student_x").get(reverse("wellbeing:talk-mine")).content.decode()


def test_a_talk_request_once_per_kind_and_a_decline_needs_words(world):
    actor = world.actor("student_x")
    talk = services.talk_request(actor=actor, with_whom="peer")
    with pytest.raises(ValidationError):
        services.talk_request(actor=actor, with_whom="peer")
    with pytest.raises(ValidationError) as exc:
        services.talk_answer(actor=world.actor("counsellor"), request=talk, status="declined", answer="")
    assert "answer" in exc.value.error_dict
    services.talk_answer(actor=world.actor("counsellor"), request=talk, status="declined", answer="先预约心理老师")
    with pytest.raises(ValidationError):
        services.talk_answer(actor=world.actor("counsellor"), request=talk, status="arranged")
    assert TalkRequest.objects.count() == 1


# --- demo content -------------------------------------------------------------------------------------------------


def test_the_demo_content(world):
    selfhelp_demo(world.school, world.users["counsellor"], [world.student_z, world.student_y])
    assert 8 <= SelfHelpItem.objects.filter(school=world.school).count() <= 10
    assert SelfHelpItem.objects.filter(kind=SelfHelpItem.Kind.FIRST_AID).exists()
    assert PeerSupporter.objects.filter(school=world.school, active=True).count() == 2
    selfhelp_demo(world.school, world.users["counsellor"], [world.student_z, world.student_y])  # again: nothing new
    assert PeerSupporter.objects.filter(school=world.school).count() == 2
