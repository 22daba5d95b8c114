"""The mailbox over the API: writing (the code once), the look-up without login and its 429, the handlers'
letters and the workflow's actions through the same services and rules."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import Client

from xinhuo.surveys.mailbox import services
from xinhuo.surveys.models import Message, MessageStatus

pytestmark = pytest.mark.django_db
S = MessageStatus


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_write_returns_the_code_once_and_keeps_only_its_hash(world):
    client = world.client("student_x")
    response = post(client, "/api/v1/mailbox/write/", {"box": "heart", "subject": "心事", "body": "最近压力很大"})
    assert response.status_code == 201
    code = response.json()["code"]
    message = Message.objects.get()
    assert message.code_hash == services.code_hash(code) and message.anonymous and message.writer_id is None
    assert not LogEntry.objects.filter(actor=world.users["student_x"]).exists()
    response = post(client, "/api/v1/mailbox/write/", {"subject": "", "body": ""})
    assert response.status_code == 400
    assert set(response.json()) >= {"subject", "body"} and "请填写主题。" in response.json()["subject"]
    assert Message.objects.count() == 1


def test_lookup_needs_no_login_and_is_rate_limited(world):
    message, code = services.message_write(actor=world.actor("parent_x"), box="principal", subject="校车",
                                           body="校车太挤", anonymous=True)
    services.message_assign(actor=world.actor("director"), message=message, assignee=world.users["head_teacher_a"])
    services.message_reply(actor=world.actor("head_teacher_a"), message=message, reply="已增加一辆校车。")
    anon = Client(enforce_csrf_checks=True)
    response = post(anon, "/api/v1/mailbox/lookup/", {"code": code})
    assert response.status_code == 200
    data = response.json()
    assert data["reply"] == "已增加一辆校车。" and data["status"] == S.REPLIED and data["replied_by"] == "关工委"
    assert "head_teacher" not in str(data) and "assignee" not in data
    for _ in range(services.LOOKUP_FAILURES):
        assert post(anon, "/api/v1/mailbox/lookup/", {"code": "ZZZZZZZZ"}).status_code == 400
    response = post(anon, "/api/v1/mailbox/lookup/", {"code": code})
    assert response.status_code == 429 and "15" in response.json()["detail"]


def test_handlers_list_and_workflow_actions(world):
    message, _code = services.message_write(actor=world.actor("student_x"), box="principal", subject="图书馆",
                                            body="希望周末开放图书馆")
    director = world.client("director")
    rows = director.get("/api/v1/mailbox/messages/").json()["results"]
    assert [r["id"] for r in rows] == [message.pk] and rows[0]["status"] == S.RECEIVED
    assert "body" not in rows[0]
    url = f"/api/v1/mailbox/messages/{message.pk}/"
    detail = director.get(url).json()
    assert detail["body"] == "希望周末开放图书馆" and detail["writer_name"] is None
    assert detail["steps"][0]["by"] is None and len(detail["steps"][0]["at"]) == 10  # the day only
    response = post(director, url + "assign/", {"assignee": world.users["finance"].pk})
    assert response.status_code == 400 and "assignee" in response.json()
    response = post(director, url + "assign/", {"assignee": world.users["head_teacher_a"].pk})
    assert response.status_code == 200 and response.json()["status"] == S.ASSIGNED
    teacher = world.client("head_teacher_a")
    assert [r["id"] for r in teacher.get("/api/v1/mailbox/messages/").json()["results"]] == [message.pk]
    assert post(world.client("head_teacher_b"), url + "reply/", {"reply": "好"}).status_code == 404
    response = post(teacher, url + "reply/", {"reply": "周六上午开放。", "reply_public": True})
    assert response.status_code == 200 and response.json()["reply_public"]
    assert post(teacher, url + "close/", {}).status_code == 404  # closing is the committee's
    response = post(director, url + "close/", {})
    assert response.status_code == 200 and response.json()["status"] == S.CLOSED
    assert post(director, url + "reply/", {"reply": "再补充"}).status_code == 400
    assert [s["to_status"] for s in director.get(url).json()["steps"]] == [S.RECEIVED, S.ASSIGNED, S.REPLIED,
                                                                            S.CLOSED]


def test_filters_and_who_sees_the_list(world):
    services.message_write(actor=world.actor("student_x"), box="heart", subject="求助", body="有人霸凌我")
    services.message_write(actor=world.actor("student_y"), box="principal", subject="食堂", body="太咸")
    director = world.client("director")
    assert director.get("/api/v1/mailbox/messages/?flagged=1").json()["count"] == 1
    assert director.get("/api/v1/mailbox/messages/?box=principal").json()["count"] == 1
    assert director.get("/api/v1/mailbox/messages/?status=nonsense").json()["count"] == 2
    counsellor = world.client("counsellor").get("/api/v1/mailbox/messages/").json()
    assert [r["subject"] for r in counsellor["results"]] == ["求助"]
    assert world.client("student_x").get("/api/v1/mailbox/messages/").status_code == 404
    assert world.client("outsider").get("/api/v1/mailbox/messages/").json()["count"] == 0


def test_odd_ids_are_404_not_errors(world):
    director = world.client("director")
    for pk in ("abc", "0", str(2**70)):
        assert director.get(f"/api/v1/mailbox/messages/{pk}/").status_code == 404
    assert director.get(f"/surveys/mailbox/messages/{2**70}/").status_code == 404
