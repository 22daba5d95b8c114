"""The assistant's pages and API (RES-3): a teacher asks and follows a citation; students wait for the school's
switch; the committee's log (filters, names only for crisis routing) and settings; the API's answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.library.models import AssistantLog, AssistantSettings, Resource

QUESTION = "学雷锋日有哪些活动案例？"
URL = "/library/assistant/"
API = "/api/v1/library/assistant/"


@pytest.fixture
def case(world):
    return Resource.objects.create(
        school=world.school, kind="article", title="学雷锋日活动案例汇编", status="published", for_teachers=True,
        for_students=True, contributor=world.users["director"],
        summary="三月五日学雷锋日，初二年级到社区敬老院打扫卫生。学生志愿者在车站开展文明引导。五老带领学生修补图书。")


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    monkeypatch.delenv("XINHUO_ASSISTANT_URL", raising=False)


def test_a_teacher_asks_and_follows_a_citation(world, case):
    c = world.client("head_teacher_a")
    response = c.post(URL, {"question": QUESTION})
    assert response.status_code == 302
    page = c.get(URL).content.decode()
    link = f'href="/library/resources/{case.pk}/"'
    assert link in page and "敬老院" in page and 'data-mode="extractive"' in page
    assert c.get(f"/library/resources/{case.pk}/").status_code == 200


def test_an_empty_question_is_refused_and_nothing_logged(world):
    response = world.client("elder").post(URL, {"question": "   "})
    assert response.status_code == 400 and not AssistantLog.objects.exists()


def test_the_page_shows_the_masked_question_of_a_refusal(world, case):
    c = world.client("parent_x")
    c.post(URL, {"question": "我的电话13812345678，学雷锋日怎么参加"})
    page = c.get(URL).content.decode()
    assert "13812345678" not in page and "138****5678" in page and 'data-mode="refused"' in page


def test_students_wait_for_the_schools_switch(world, case):
    c = world.client("student_x")
    assert c.get(URL).status_code == 404
    assert c.post(API, {"question": QUESTION}, content_type="application/json").status_code == 404
    world.client("director").post("/library/assistant/settings/", {"students_allowed": "on"})
    assert AssistantSettings.objects.get(school=world.school).students_allowed
    assert c.get(URL).status_code == 200
    data = c.post(API, {"question": QUESTION}, content_type="application/json").json()
    assert data["mode"] == "extractive" and [x["url"] for x in data["citations"]] == [f"/library/resources/{case.pk}/"]


def test_api_answers_with_citations(world, case):
    c = world.client("head_teacher_b")
    data = c.post(API, {"question": QUESTION}, content_type="application/json").json()
    assert data["mode"] == "extractive" and "[1]" in data["answer"]
    assert data["citations"] == [{"n": 1, "kind": "resource", "id": case.pk, "title": case.title,
                                  "url": f"/library/resources/{case.pk}/"}]
    nothing = c.post(API, {"question": "火星探测器"}, content_type="application/json").json()
    assert nothing["mode"] == "nothing" and nothing["citations"] == [] and nothing["answer"]
    refused = c.post(API, {"question": "学生身份证110101201205010034是多少"}, content_type="application/json").json()
    assert refused["mode"] == "refused" and refused["citations"] == []
    assert c.post(API, {"question": ""}, content_type="application/json").status_code == 400


def rows(response) -> str:
    """The log's list, without the page's menu."""
    page = response.content.decode()
    return page[page.index('id="assistant-log"'):]


def test_the_log_names_only_crisis_askers_and_filters(world, case):
    world.client("head_teacher_a").post(URL, {"question": QUESTION})
    world.client("parent_x").post(URL, {"question": "孩子被欺负了怎么办"})
    old = AssistantLog.objects.get(mode="extractive")
    AssistantLog.objects.filter(pk=old.pk).update(asked_at=timezone.now() - dt.timedelta(days=10))
    c = world.client("director")
    page = rows(c.get("/library/assistant/log/"))
    assert QUESTION in page and "孩子被欺负了怎么办" in page
    assert page.count('class="text-danger"') == 1  # one name: the crisis asker's
    assert f'<strong class="text-danger">{world.users["parent_x"].display_name}</strong>' in page
    crisis = rows(c.get("/library/assistant/log/?crisis=on"))
    assert QUESTION not in crisis and "孩子被欺负了怎么办" in crisis
    since = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    recent = rows(c.get(f"/library/assistant/log/?since={since}"))
    assert QUESTION not in recent and "孩子被欺负了怎么办" in recent
    from xinhuo.core.models import AccessLog

    assert AccessLog.objects.filter(object_type="library_assistant_log").count() == 3


def test_the_menu_offers_the_assistant_to_students_only_once_allowed(world):
    c = world.client("student_x")
    assert 'href="/library/assistant/"' not in c.get("/").content.decode()
    AssistantSettings.objects.create(school=world.school, students_allowed=True)
    assert 'href="/library/assistant/"' in c.get("/").content.decode()
    assert 'href="/library/assistant/"' in world.client("elder").get("/").content.decode()
