"""The people API: the same scopes, masks and logging as the pages, and clear answers to bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import PASSWORD, make_guardian
from xinhuo.core.models import AccessLog
from xinhuo.people.models import Student, StudentGuardian


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def result_ids(data) -> set[int]:
    return {row["id"] for row in data["results"]}


def reveal(client, kind, pk, body, content_type="application/json"):
    payload = json.dumps(body) if isinstance(body, dict) else body
    return client.post(f"/api/v1/{kind}/{pk}/reveal/", payload, content_type=content_type)


def reveal_rows() -> int:
    return AccessLog.objects.filter(action="reveal").count()


# --- scopes -----------------------------------------------------------------------------------------


def test_a_parent_lists_exactly_their_child(world):
    client = world.client("parent_x")
    data = get(client, "/api/v1/students/")
    assert data["count"] == 1 and result_ids(data) == {world.student_x.pk}
    assert result_ids(get(client, "/api/v1/guardians/")) == {world.guardian_x.pk}
    assert client.get(f"/api/v1/students/{world.student_y.pk}/").status_code == 404
    assert client.get(f"/api/v1/guardians/{world.guardian_x2.pk}/").status_code == 404
    assert client.get("/api/v1/staff/").status_code == 404


def test_a_student_lists_only_themself(world):
    assert result_ids(get(world.client("student_x"), "/api/v1/students/")) == {world.student_x.pk}
    assert result_ids(get(world.client("student_y"), "/api/v1/students/")) == {world.student_y.pk}


def test_head_teachers_list_their_class(world):
    assert result_ids(get(world.client("head_teacher_a"), "/api/v1/students/")) == {
        world.student_x.pk, world.student_y.pk}
    assert result_ids(get(world.client("head_teacher_b"), "/api/v1/students/")) == {world.student_z.pk}
    assert result_ids(get(world.client("head_teacher_b"), "/api/v1/guardians/")) == {world.guardian_z.pk}


def test_a_guardian_shows_only_the_children_the_reader_may_see(world):
    both = make_guardian(world.school, "周家长", "13600000000", world.student_x)
    StudentGuardian.objects.create(student=world.student_z, guardian=both, relation="mother")
    a = get(world.client("head_teacher_a"), f"/api/v1/guardians/{both.pk}/")
    b = get(world.client("head_teacher_b"), f"/api/v1/guardians/{both.pk}/")
    director = get(world.client("director"), f"/api/v1/guardians/{both.pk}/")
    assert a["children"] == [world.student_x.pk]
    assert b["children"] == [world.student_z.pk]
    assert sorted(director["children"]) == sorted([world.student_x.pk, world.student_z.pk])


def test_an_x_school_header_for_a_school_the_user_is_not_in_changes_nothing(world):
    response = world.client("director").get("/api/v1/students/", HTTP_X_SCHOOL=str(world.other.pk))
    assert response.status_code == 200
    assert result_ids(response.json()) == {world.student_x.pk, world.student_y.pk, world.student_z.pk}


# --- search and filters -----------------------------------------------------------------------------


def test_api_search_and_filters(world):
    client = world.client("director")
    assert result_ids(get(client, "/api/v1/students/", q="zxm")) == {world.student_x.pk}
    assert result_ids(get(client, "/api/v1/students/", q="20260")) == {
        world.student_x.pk, world.student_y.pk, world.student_z.pk}
    assert result_ids(get(client, "/api/v1/students/", gender="F")) == {world.student_y.pk}
    assert result_ids(get(client, "/api/v1/students/", **{"class": world.class_b.pk})) == {world.student_z.pk}
    assert result_ids(get(client, "/api/v1/guardians/", q="liufang")) == {world.guardian_x2.pk}
    assert result_ids(get(client, "/api/v1/staff/", q="CLS")) == {world.staff_a.pk}


def test_a_malformed_filter_is_refused(world):
    before = AccessLog.objects.count()
    response = world.client("director").get("/api/v1/students/", {"grade": "abc"})
    assert response.status_code == 400 and response.json()["grade"]  # core.params.query_id: keyed by the parameter
    assert AccessLog.objects.count() == before


# --- masking ----------------------------------------------------------------------------------------


def test_api_responses_are_masked(world):
    client = world.client("director")
    texts = [
        client.get("/api/v1/students/").content.decode(),
        client.get(f"/api/v1/students/{world.student_x.pk}/").content.decode(),
        client.get("/api/v1/guardians/").content.decode(),
        client.get(f"/api/v1/guardians/{world.guardian_x.pk}/").content.decode(),
        client.get("/api/v1/staff/").content.decode(),
        client.get("/api/v1/me/").content.decode(),
    ]
    for text in texts:
        for value in (world.student_x.id_card, world.student_y.id_card, world.student_x.address, "和平街",
                      "13812345678", "13912345678", "13512345678", "13900000001"):
            assert value not in text
    detail = client.get(f"/api/v1/students/{world.student_x.pk}/").json()
    id_card = world.student_x.id_card
    assert detail["id_card"] == f"{id_card[:6]}********{id_card[-4:]}"
    assert {g["phone"] for g in detail["guardians"]} == {"138****5678", "139****5678"}
    assert detail["address"].startswith("北京市") and detail["address"].endswith("****")


# --- the access log ---------------------------------------------------------------------------------


def test_api_list_search_and_detail_are_logged(world):
    client = world.client("head_teacher_a")
    client.get("/api/v1/students/")
    entry = AccessLog.objects.latest("id")
    assert (entry.action, entry.object_type, entry.detail["count"], entry.detail["api"]) == ("list", "student", 2,
                                                                                            True)
    client.get("/api/v1/students/", {"q": "lxh", "gender": "F"})
    entry = AccessLog.objects.latest("id")
    assert entry.action == "search" and entry.detail["filters"] == {"q": "lxh", "gender": "F"}
    assert entry.detail["count"] == 1
    client.get(f"/api/v1/guardians/{world.guardian_x.pk}/")
    entry = AccessLog.objects.latest("id")
    assert (entry.action, entry.object_type, entry.object_id, entry.ip) == (
        "view", "guardian", str(world.guardian_x.pk), "127.0.0.1")


def test_a_denied_api_detail_logs_nothing(world):
    before = AccessLog.objects.count()
    assert world.client("head_teacher_b").get(f"/api/v1/students/{world.student_x.pk}/").status_code == 404
    assert AccessLog.objects.count() == before


# --- reveal -----------------------------------------------------------------------------------------


def test_api_reveal_returns_the_value_and_logs_it(world):
    client = world.client("director")
    response = reveal(client, "students", world.student_x.pk, {"field": "id_card"})
    assert response.status_code == 200
    assert response.json() == {"field": "id_card", "value": world.student_x.id_card}
    entry = AccessLog.objects.get(action="reveal")
    assert (entry.user, entry.field, entry.object_id, entry.ip) == (
        world.users["director"], "id_card", str(world.student_x.pk), "127.0.0.1")


def test_api_reveal_of_a_guardian_phone(world):
    response = reveal(world.client("head_teacher_a"), "guardians", world.guardian_x.pk, {"field": "phone"})
    assert response.json()["value"] == "13812345678"


@pytest.mark.parametrize(("persona", "kind", "obj", "field"), [
    ("head_teacher_a", "students", "student_x", "id_card"),
    ("head_teacher_b", "guardians", "guardian_x", "phone"),
    ("parent_x", "students", "student_y", "id_card"),
    ("outsider", "students", "student_x", "id_card"),
    ("director", "students", "student_x", "name"),
    ("director", "students", "student_x", "nonexistent"),
    ("director", "staff", "staff_a", "id_card"),
])
def test_api_reveal_not_allowed_is_404(world, persona, kind, obj, field):
    target = getattr(world, obj)
    response = reveal(world.client(persona), kind, target.pk, {"field": field})
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到。"
    assert reveal_rows() == 0


@pytest.mark.parametrize(("body", "content_type", "status", "mentions"), [
    ({}, "application/json", 400, "field"),  # no field
    ({"field": ""}, "application/json", 400, "field"),
    ({"field": "x" * 31}, "application/json", 400, "field"),
    ("{not json", "application/json", 400, "JSON"),
    ("field=id_card", "text/plain", 415, ""),
])
def test_api_reveal_malformed_payloads(world, body, content_type, status, mentions):
    response = reveal(world.client("director"), "students", world.student_x.pk, body, content_type)
    assert response.status_code == status, response.content
    data = response.json()
    assert data, "no message"
    assert mentions in json.dumps(data, ensure_ascii=False)
    assert world.student_x.id_card not in response.content.decode()
    assert reveal_rows() == 0


def test_api_field_required_message_is_chinese(world):
    response = reveal(world.client("director"), "students", world.student_x.pk, {})
    assert response.json() == {"field": ["该字段是必填项。"]}


def test_api_reveal_needs_post(world):
    client = world.client("director")
    assert client.get(f"/api/v1/students/{world.student_x.pk}/reveal/").status_code == 405
    assert reveal_rows() == 0


def test_api_writes_only_through_the_services(world):
    """Students are added and edited through the services' checks (people/tests/test_students_edit.py), never
    deleted; an incomplete student is refused."""
    client = world.client("director")
    before = Student.objects.count()
    assert client.post("/api/v1/students/", {"name": "新生"}, content_type="application/json").status_code == 400
    assert Student.objects.count() == before
    assert client.delete(f"/api/v1/students/{world.student_x.pk}/").status_code == 405
    assert client.delete(f"/api/v1/guardians/{world.guardian_x.pk}/").status_code == 405
    world.student_x.refresh_from_db()
    assert world.student_x.name == "张小明"


# --- tokens -----------------------------------------------------------------------------------------


def obtain_token(username, password=PASSWORD):
    return Client().post("/api/v1/token/", {"username": username, "password": password},
                         content_type="application/json")


def test_a_token_works_with_the_authorization_header(world):
    response = obtain_token("parent")
    assert response.status_code == 200
    token = response.json()["token"]
    client = Client()  # no session
    data = client.get("/api/v1/students/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert result_ids(data) == {world.student_x.pk}
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert me["username"] == "parent" and me["roles"] == ["parent"]
    reveal_response = client.post(f"/api/v1/students/{world.student_x.pk}/reveal/", {"field": "id_card"},
                                  content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert reveal_response.json()["value"] == world.student_x.id_card
    assert AccessLog.objects.get(action="reveal").user == world.users["parent_x"]


def test_a_token_by_mobile_number_is_the_same_account(world):
    by_name = obtain_token("director").json()["token"]
    by_mobile = obtain_token("+86 139 0000 0001").json()["token"]
    # each request issues a token of its own (one per device; keys are kept hashed, so none can be handed out again)
    for key in (by_name, by_mobile):
        assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").json()["username"] == "director"


def test_a_wrong_password_gets_no_token(world):
    response = obtain_token("parent", "wrong-password")
    assert response.status_code == 400 and "token" not in response.json()
    assert response.json()["non_field_errors"]


def test_a_bad_or_missing_token_is_refused(world):
    client = Client()
    assert client.get("/api/v1/students/", HTTP_AUTHORIZATION="Token 0123456789abcdef").status_code in (401, 403)
    assert client.get("/api/v1/students/").status_code in (401, 403)
    assert client.get("/api/v1/students/", HTTP_AUTHORIZATION="Bearer nonsense").status_code in (401, 403)


def test_a_token_of_a_deactivated_account_stops_working(world):
    token = obtain_token("parent").json()["token"]
    world.users["parent_x"].is_active = False
    world.users["parent_x"].save()
    response = Client().get("/api/v1/students/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code in (401, 403)


def test_session_writes_through_the_api_need_the_csrf_token(world):
    """A page elsewhere cannot make a logged-in browser reveal a value or mark notices read."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["director"], backend="xinhuo.core.auth.UsernameOrMobileBackend")
    response = client.post(f"/api/v1/students/{world.student_x.pk}/reveal/", {"field": "id_card"},
                           content_type="application/json")
    assert response.status_code == 403
    assert world.student_x.id_card not in response.content.decode()
    assert reveal_rows() == 0
