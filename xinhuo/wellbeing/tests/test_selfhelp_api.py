"""The self-help corner over the API: the same items for the same people as the pages, an audio item's stream
address (never the file's path), the peer supporters (name and class for the students), and a student's own talk
requests, asked once per kind; everyone else finds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.models import AccessLog, Grade, Notification, SchoolClass
from xinhuo.wellbeing.models import PeerSupporter, SelfHelpItem, TalkRequest
from xinhuo.wellbeing.selfhelp import services

API = "/api/v1/wellbeing"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def item(world, title, *, kind=SelfHelpItem.Kind.ARTICLE, grades=(), for_parents=False, published=True,
         body="正文。", topic="情绪") -> SelfHelpItem:
    found = SelfHelpItem.objects.create(school=world.school, title=title, kind=kind, topic=topic, body=body,
                                        for_parents=for_parents, published=published)
    found.grades.set(grades)
    return found


@pytest.fixture
def items(world):
    grade9 = Grade.objects.create(school=world.school, name="初三", level=9)
    SchoolClass.objects.create(school=world.school, grade=grade9, number=1, name="1班")
    return {
        "all": item(world, "情绪急救三步法", kind=SelfHelpItem.Kind.FIRST_AID),
        "g7": item(world, "初一适应", grades=[world.grade], topic="适应"),
        "g9": item(world, "中考减压", grades=[grade9]),
        "parents": item(world, "和孩子谈心", for_parents=True),
        "hidden": item(world, "草稿", published=False),
        "other": SelfHelpItem.objects.create(school=world.other, title="外校文章", kind="article", topic="情绪",
                                             body="x"),
    }


def listed(world, persona, **params) -> list[str]:
    response = world.client(persona).get(f"{API}/selfhelp/", params)
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


# --- items ---------------------------------------------------------------------------------------------------------


def test_each_reads_the_items_the_pages_show_them_first_aid_first(world, items):
    mine = listed(world, "student_x")
    assert mine[0] == "情绪急救三步法" and set(mine) == {"情绪急救三步法", "初一适应", "和孩子谈心"}
    assert listed(world, "parent_x") == ["和孩子谈心"]
    assert set(listed(world, "counsellor")) == {"情绪急救三步法", "初一适应", "中考减压", "和孩子谈心", "草稿"}
    assert set(listed(world, "head_teacher_a")) == {"情绪急救三步法", "初一适应", "中考减压", "和孩子谈心"}
    assert listed(world, "outsider") == ["外校文章"]


def test_the_filters_choose_topic_and_kind(world, items):
    assert listed(world, "counsellor", kind="first_aid") == ["情绪急救三步法"]
    assert listed(world, "student_x", topic="适应") == ["初一适应"]
    assert listed(world, "student_x", topic="不存在") == []


def test_hidden_other_grade_and_other_school_items_are_404(world, items):
    c = world.client("student_x")
    for key in ("hidden", "g9", "other"):
        assert c.get(f"{API}/selfhelp/{items[key].pk}/").status_code == 404, key
    assert world.client("parent_x").get(f"{API}/selfhelp/{items['g7'].pk}/").status_code == 404
    assert world.client("counsellor").get(f"{API}/selfhelp/{items['hidden'].pk}/").status_code == 200


def test_an_articles_text_is_sent_as_the_plain_text_it_is(world, items):
    found = item(world, "注入", body="第一段<script>alert(1)</script>\n\n第二段")
    row = world.client("student_x").get(f"{API}/selfhelp/{found.pk}/").json()
    assert row["body"] == "第一段<script>alert(1)</script>\n\n第二段"  # the client shows it as text
    assert (row["kind"], row["grades"], row["audio_url"]) == ("article", [], None)
    g7 = world.client("student_x").get(f"{API}/selfhelp/{items['g7'].pk}/").json()
    assert g7["grades"] == [world.grade.name]
    assert "body" not in world.client("student_x").get(f"{API}/selfhelp/").json()["results"][0]


def test_an_audio_item_gives_the_address_of_its_stream_not_the_file(world):
    found = item(world, "478呼吸", kind=SelfHelpItem.Kind.AUDIO, body="", topic="放松")
    found.audio.save("breath.mp3", ContentFile(MP3), save=True)
    c = world.client("student_x")
    row = c.get(f"{API}/selfhelp/{found.pk}/").json()
    stream = reverse("wellbeing:selfhelp-audio", args=[found.pk])
    assert row["audio_url"].endswith(stream) and found.audio.name not in str(row)
    [listed_row] = c.get(f"{API}/selfhelp/").json()["results"]
    assert listed_row["audio_url"] == row["audio_url"]
    streamed = c.get(row["audio_url"])
    assert streamed.status_code == 200 and b"".join(streamed.streaming_content) == MP3


# --- peer supporters -----------------------------------------------------------------------------------------------


@pytest.fixture
def supporters(world):
    return [PeerSupporter.objects.create(school=world.school, student=world.student_z,
                                         training="朋辈辅导员培训（16学时）", trained_on=dt.date(2026, 9, 10)),
            PeerSupporter.objects.create(school=world.school, student=world.student_y, training="培训",
                                         trained_on=dt.date(2026, 9, 1), active=False)]


def test_students_see_the_active_peer_supporters_by_name_and_class_only(world, supporters):
    response = world.client("student_x").get(f"{API}/peer-supporters/")
    assert response.status_code == 200
    assert response.json()["results"] == [{"name": world.student_z.name,
                                           "school_class": str(world.student_z.school_class)}]
    assert not AccessLog.objects.filter(object_type="wellbeing_peer_supporter").exists()


def test_the_counsellor_sees_every_supporter_with_the_training_and_it_is_logged(world, supporters):
    rows = world.client("counsellor").get(f"{API}/peer-supporters/").json()["results"]
    assert {(r["name"], r["training"], r["active"]) for r in rows} == {
        (world.student_z.name, "朋辈辅导员培训（16学时）", True), (world.student_y.name, "培训", False)}
    assert AccessLog.objects.filter(user=world.users["counsellor"], object_type="wellbeing_peer_supporter",
                                    action="list").exists()


@pytest.mark.parametrize("persona", ["head_teacher_a", "director", "parent_x", "elder", "outsider"])
def test_others_find_no_peer_supporters(world, supporters, persona):
    assert world.client(persona).get(f"{API}/peer-supporters/").status_code == 404


# --- talk requests -------------------------------------------------------------------------------------------------


def test_a_student_asks_to_talk_once_per_kind(world, django_capture_on_commit_callbacks):
    c = world.client("student_x")
    with django_capture_on_commit_callbacks(execute=True):
        r = post(c, f"{API}/talk-requests/", {"with_whom": "peer", "message": "最近睡不好"})
    assert r.status_code == 201, r.content
    talk = TalkRequest.objects.get()
    assert (talk.student, talk.with_whom, talk.status, talk.message) == (world.student_x, "peer", "waiting",
                                                                         "最近睡不好")
    assert r.json()["id"] == talk.pk and r.json()["status"] == "waiting" and "message" not in r.json()
    assert Notification.objects.filter(recipient=world.users["counsellor"],
                                       link=reverse("wellbeing:talk-request", args=[talk.pk])).exists()
    again = post(c, f"{API}/talk-requests/", {"with_whom": "peer"})
    assert again.status_code == 400
    assert again.json() == {"with_whom": [_("You have already asked; a counsellor will answer soon.")]}
    assert "心理教师" in again.json()["with_whom"][0]  # in Chinese, as on the page
    assert post(c, f"{API}/talk-requests/", {"with_whom": "heart_mentor"}).status_code == 201
    wrong = post(c, f"{API}/talk-requests/", {"with_whom": "teacher"})
    assert wrong.status_code == 400 and "with_whom" in wrong.json()
    assert TalkRequest.objects.count() == 2


def test_a_student_reads_their_own_requests_with_the_answer(world):
    talk = services.talk_request(actor=world.actor("student_x"), with_whom="peer", message="不想让班主任知道")
    services.talk_answer(actor=world.actor("counsellor"), request=talk, status="arranged", answer="周三午休见")
    services.talk_request(actor=world.actor("student_y"), with_whom="peer")
    rows = world.client("student_x").get(f"{API}/talk-requests/").json()["results"]
    assert [(r["id"], r["status"], r["answer"]) for r in rows] == [(talk.pk, "arranged", "周三午休见")]
    assert "不想让班主任知道" not in str(rows)
    theirs = [r["id"] for r in world.client("student_y").get(f"{API}/talk-requests/").json()["results"]]
    assert len(theirs) == 1 and talk.pk not in theirs


@pytest.mark.parametrize("persona", ["counsellor", "head_teacher_a", "parent_x", "director"])
def test_only_a_student_asks_or_reads_talk_requests(world, persona):
    services.talk_request(actor=world.actor("student_x"), with_whom="peer")
    c = world.client(persona)
    assert c.get(f"{API}/talk-requests/").status_code == 404
    assert post(c, f"{API}/talk-requests/", {"with_whom": "heart_mentor"}).status_code == 404
    assert TalkRequest.objects.count() == 1


def test_anonymous_callers_are_refused(world, items):
    c = world.client(None)
    for url in (f"{API}/selfhelp/", f"{API}/selfhelp/{items['all'].pk}/", f"{API}/peer-supporters/",
                f"{API}/talk-requests/"):
        assert c.get(url).status_code == 403, url
