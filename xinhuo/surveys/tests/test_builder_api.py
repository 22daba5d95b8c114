"""The builder over the API (/api/v1/surveys/manage/): the same scope and services as the pages; refusals are 400
with the services' Chinese words and write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.surveys import services
from xinhuo.surveys.models import Question, Survey, SurveyStatus

pytestmark = pytest.mark.django_db
BASE = "/api/v1/surveys/manage/"


def window(days=7) -> dict:
    now = timezone.now()
    return {"opens_at": (now - dt.timedelta(hours=1)).isoformat(),
            "closes_at": (now + dt.timedelta(days=days)).isoformat()}


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def test_create_add_questions_publish_and_read_back(world):
    client = world.client("director")
    response = post(client, BASE, {"title": "家长满意度", "purpose": "parent_satisfaction", "anonymous": True,
                                   "for_parents": True, "parent_classes": [world.class_a.pk], **window()})
    assert response.status_code == 201, response.json()
    survey = response.json()
    assert survey["parent_classes"] == [world.class_a.pk] and survey["status"] == "draft"
    url = f"{BASE}{survey['id']}/questions/"
    q1 = post(client, url, {"kind": "single", "text": "您满意吗", "options": ["满意", "不满意"], "required": True})
    assert q1.status_code == 201 and q1.json()["key"] == "q1"
    q2 = post(client, url, {"kind": "long_text", "text": "哪里不满意", "show_if": {"key": "q1", "values": [1]}})
    assert q2.status_code == 201
    first = post(client, url, {"kind": "section", "text": "开始", "position": 1})
    assert first.json()["order"] == 1
    listed = client.get(url).json()
    assert [q["key"] for q in listed] == ["q3", "q1", "q2"]
    changed = patch(client, f"{url}{q1.json()['id']}/", {"text": "您对学校满意吗"})
    assert changed.status_code == 200 and changed.json()["options"] == ["满意", "不满意"]
    published = post(client, f"{BASE}{survey['id']}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    detail = client.get(f"{BASE}{survey['id']}/").json()
    assert [q["text"] for q in detail["questions"]][1] == "您对学校满意吗"


def test_refusals_are_400_in_chinese_and_write_nothing(world):
    client = world.client("director")
    now = timezone.now().isoformat()
    response = post(client, BASE, {"title": "坏窗口", "for_students": True, "opens_at": now, "closes_at": now})
    assert response.status_code == 400 and "截止时间必须晚于开始时间" in str(response.json())
    response = post(client, BASE, {"title": "外校", "for_students": True, "classes": [world.other_class.pk],
                                   **window()})
    assert response.status_code == 400
    assert not Survey.objects.exists()
    survey = post(client, BASE, {"title": "t", "for_teachers": True, **window()}).json()
    url = f"{BASE}{survey['id']}/questions/"
    response = post(client, url, {"kind": "single", "text": "只有一个选项", "options": ["是"]})
    assert response.status_code == 400 and "请至少填写两个选项" in str(response.json()["options"])
    response = post(client, url, {"kind": "short_text", "text": "x", "show_if": {"key": "q7", "values": [0]}})
    assert response.status_code == 400 and "show_if" in response.json()
    response = post(client, f"{BASE}{survey['id']}/publish/")
    assert response.status_code == 400 and "问卷至少需要一道题" in str(response.json())
    assert not Question.objects.exists()
    assert Survey.objects.get().status == SurveyStatus.DRAFT


def test_a_head_teacher_manages_their_own_surveys_only(world):
    director_survey = services.survey_create(actor=world.actor("director"), title="全校调查", for_teachers=True,
                                             opens_at=timezone.now(),
                                             closes_at=timezone.now() + dt.timedelta(days=1))
    client = world.client("head_teacher_a")
    assert client.get(f"{BASE}{director_survey.pk}/").status_code == 404
    assert post(client, f"{BASE}{director_survey.pk}/copy/").status_code == 404
    response = post(client, BASE, {"title": "全校", "for_students": True, **window()})
    assert response.status_code == 400 and "请在你所带的班级中选择" in str(response.json())
    response = post(client, BASE, {"title": "一班", "for_students": True, "classes": [world.class_a.pk],
                                   **window()})
    assert response.status_code == 201
    listed = client.get(BASE).json()
    assert [s["title"] for s in listed["results"]] == ["一班"]
    # the director sees both; ?status= filters
    assert len(world.client("director").get(BASE).json()["results"]) == 2
    assert world.client("director").get(BASE, {"status": "closed"}).json()["results"] == []


def test_partial_update_and_frozen_anonymity(world):
    client = world.client("director")
    survey = post(client, BASE, {"title": "t", "for_teachers": True, **window()}).json()
    post(client, f"{BASE}{survey['id']}/questions/", {"kind": "short_text", "text": "建议"})
    response = patch(client, f"{BASE}{survey['id']}/", {"title": "教师反馈", "anonymous": False})
    assert response.status_code == 200 and response.json()["anonymous"] is False
    assert response.json()["for_teachers"] is True  # left as it was
    post(client, f"{BASE}{survey['id']}/publish/")
    response = patch(client, f"{BASE}{survey['id']}/", {"anonymous": True})
    assert response.status_code == 400 and "anonymous" in response.json()
    response = patch(client, f"{BASE}{survey['id']}/", {"title": "教师反馈（修订）"})
    assert response.status_code == 200 and response.json()["title"] == "教师反馈（修订）"


def test_answers_freeze_questions_and_a_new_version_replaces_the_survey(world):
    client = world.client("director")
    survey = post(client, BASE, {"title": "t", "for_students": True, **window()}).json()
    q = post(client, f"{BASE}{survey['id']}/questions/", {"kind": "single", "text": "满意吗",
                                                           "options": ["是", "否"]}).json()
    post(client, f"{BASE}{survey['id']}/publish/")
    services.response_save(actor=world.actor("student_x"), survey=Survey.objects.get(pk=survey["id"]),
                           raw={"q1": 0})
    response = client.delete(f"{BASE}{survey['id']}/questions/{q['id']}/")
    assert response.status_code == 400 and "新版本" in str(response.json())
    response = post(client, f"{BASE}{survey['id']}/copy/", {"new_version": True})
    assert response.status_code == 201
    new = response.json()
    assert (new["version"], new["previous"], len(new["questions"])) == (2, survey["id"], 1)
    post(client, f"{BASE}{new['id']}/publish/")
    assert client.get(f"{BASE}{survey['id']}/").json()["status"] == "closed"
    # closing twice is refused
    response = post(client, f"{BASE}{survey['id']}/close/")
    assert response.status_code == 400


def test_the_list_keeps_its_query_count(world, django_assert_max_num_queries):
    client = world.client("director")
    director = world.actor("director")

    def add(n):
        for i in range(n):
            services.survey_create(actor=director, title=f"调查{i}", for_students=True, classes=[world.class_a],
                                   for_parents=True, parent_classes=[world.class_b], opens_at=timezone.now(),
                                   closes_at=timezone.now() + dt.timedelta(days=1))

    add(2)
    with django_assert_max_num_queries(100) as few:
        assert len(client.get(BASE).json()["results"]) == 2
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = client.get(BASE).json()["results"]
    assert len(rows) == 12 and rows[0]["parent_classes"] == [world.class_b.pk]
