"""The consent API: the same scopes and rules as the pages, clear 400s, nothing written on refusal."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from xinhuo.core.models import AccessLog
from xinhuo.people.consent import has_consent, years_before
from xinhuo.people.models import Consent, Student
from xinhuo.people.tests.consent_helpers import guardian_consent, publish, publish_all

TODAY = timezone.localdate


def en(client):
    """English messages (compared by their msgids); the language follows the switch's cookie."""
    client.cookies["django_language"] = "en"
    return client


def post(client, url, body):
    return en(client).post(url, json.dumps(body), content_type="application/json")


def ids(data) -> set[int]:
    return {row["id"] for row in data["results"]}


@pytest.fixture
def notices(world):
    return publish_all(world)


def test_lists_are_scoped(world, notices):
    cx = guardian_consent(world)
    cz = guardian_consent(world, world.student_z, guardian=world.guardian_z)
    other = guardian_consent(world, world.other_student, guardian=world.other_guardian,
                             notice=publish(world, "screening", school=world.other))
    expected = {"director": {cx.pk, cz.pk}, "counsellor": {cx.pk, cz.pk}, "head_teacher_a": {cx.pk},
                "head_teacher_b": {cz.pk}, "parent_x": {cx.pk}, "student_x": {cx.pk}, "student_y": set(),
                "outsider": {other.pk}}
    for persona, want in expected.items():
        response = world.client(persona).get("/api/v1/consents/")
        assert response.status_code == 200
        assert ids(response.json()) == want, persona
    for persona in ("elder", "finance"):
        assert world.client(persona).get("/api/v1/consents/").status_code == 404
    assert AccessLog.objects.filter(object_type="consent", action="list").exists()


def test_filters(world, notices):
    active = guardian_consent(world)
    ended = guardian_consent(world, guardian=world.guardian_x2, purpose="publicity")
    Consent.objects.filter(pk=ended.pk).update(withdrawn_at=timezone.now())
    client = world.client("director")
    assert ids(client.get("/api/v1/consents/?active=1").json()) == {active.pk}
    assert ids(client.get("/api/v1/consents/?active=0").json()) == {ended.pk}
    assert ids(client.get("/api/v1/consents/?purpose=publicity").json()) == {ended.pk}
    assert ids(client.get(f"/api/v1/consents/?student={world.student_z.pk}").json()) == set()
    assert client.get("/api/v1/consents/?student=abc").status_code == 400


def test_a_parent_gives_and_withdraws_through_the_api(world, notices):
    client = world.client("parent_x")
    response = post(client, "/api/v1/consents/give/", {"student": world.student_x.pk, "purpose": "screening",
                                                        "version": 1})
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["party"], data["guardian"], data["method"], data["notice_version"], data["active"]) == (
        "guardian", world.guardian_x.pk, "online", 1, True)
    assert has_consent(world.student_x, "screening")
    again = post(client, "/api/v1/consents/give/", {"student": world.student_x.pk, "purpose": "screening",
                                                     "version": 1})
    assert again.status_code == 400 and "already consented" in json.dumps(again.json())
    response = post(client, f"/api/v1/consents/{data['id']}/withdraw/", {})
    assert response.status_code == 200 and response.json()["active"] is False
    assert not has_consent(world.student_x, "screening")
    response = post(client, f"/api/v1/consents/{data['id']}/withdraw/", {})
    assert response.status_code == 400 and "already been withdrawn" in json.dumps(response.json())


@pytest.mark.parametrize(("persona", "student", "status"), [
    ("parent_x", "student_y", 404),  # not their child: as if it did not exist
    ("student_y", "student_x", 404),
    ("student_x", "student_x", 400),  # their own record, but under 14
    ("head_teacher_a", "student_x", 404),  # records, does not give
])
def test_give_refusals(world, notices, persona, student, status):
    response = post(world.client(persona), "/api/v1/consents/give/", {
        "student": getattr(world, student).pk, "purpose": "screening", "version": 1})
    assert response.status_code == status
    assert not Consent.objects.exists()


def test_give_validates_its_body(world, notices):
    client = world.client("parent_x")
    for body in ({}, {"student": world.student_x.pk, "purpose": "lunch", "version": 1},
                 {"student": world.student_x.pk, "purpose": "screening", "version": 0},
                 {"student": "x", "purpose": "screening", "version": 1}):
        assert post(client, "/api/v1/consents/give/", body).status_code == 400, body
    stale = post(client, "/api/v1/consents/give/", {"student": world.student_x.pk, "purpose": "screening",
                                                    "version": 7})
    assert stale.status_code == 400 and "please read version 1" in json.dumps(stale.json())
    assert not Consent.objects.exists()


def test_a_head_teacher_records_through_the_api(world, notices):
    client = world.client("head_teacher_a")
    day = (TODAY() - dt.timedelta(days=1)).isoformat()
    body = {"student": world.student_x.pk, "purpose": "publicity", "guardian": world.guardian_x2.pk,
            "method": "paper", "date": day, "note": "家长会现场签字"}
    response = post(client, "/api/v1/consents/record/", body)
    assert response.status_code == 201, response.content
    assert (response.json()["method"], response.json()["guardian"]) == ("paper", world.guardian_x2.pk)
    assert has_consent(world.student_x, "publicity")
    assert post(client, "/api/v1/consents/record/", body).status_code == 400  # duplicate
    # another class: 404; a guardian of another student: 400 with the reason; unknown guardian: 400
    assert post(client, "/api/v1/consents/record/", {**body, "student": world.student_z.pk}).status_code == 404
    wrong = post(client, "/api/v1/consents/record/", {**body, "purpose": "screening",
                                                       "guardian": world.guardian_z.pk})
    assert wrong.status_code == 400 and "is not a guardian of" in json.dumps(wrong.json(), ensure_ascii=False)
    unknown = post(client, "/api/v1/consents/record/", {**body, "purpose": "screening",
                                                         "guardian": world.other_guardian.pk})
    assert unknown.status_code == 400
    future = post(client, "/api/v1/consents/record/", {**body, "purpose": "screening",
                                                        "date": (TODAY() + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 400 and "future" in json.dumps(future.json())
    online = post(client, "/api/v1/consents/record/", {**body, "purpose": "screening", "method": "online"})
    assert online.status_code == 400
    assert Consent.objects.count() == 1


def test_withdraw_scope(world, notices):
    theirs = guardian_consent(world, guardian=world.guardian_x2)
    assert post(world.client("parent_x"), f"/api/v1/consents/{theirs.pk}/withdraw/", {}).status_code == 404
    assert post(world.client("head_teacher_b"), f"/api/v1/consents/{theirs.pk}/withdraw/", {}).status_code == 404
    assert post(world.client("outsider"), f"/api/v1/consents/{theirs.pk}/withdraw/", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active
    assert post(world.client("head_teacher_a"), f"/api/v1/consents/{theirs.pk}/withdraw/", {}).status_code == 200
    assert not has_consent(world.student_x, "screening")


def test_register_explains_what_is_missing(world, notices):
    Student.objects.filter(pk=world.student_y.pk).update(birth_date=years_before(TODAY(), 15))
    guardian_consent(world)
    response = en(world.client("head_teacher_a")).get("/api/v1/consents/register/")
    assert response.status_code == 200
    rows = {row["student"]: row for row in response.json()["results"]}
    assert set(rows) == {world.student_x.pk, world.student_y.pk}
    x = {p["purpose"]: p for p in rows[world.student_x.pk]["purposes"]}
    assert x["screening"]["complete"] is True and x["screening"]["missing"] == []
    assert x["publicity"]["complete"] is False
    y = {p["purpose"]: p for p in rows[world.student_y.pk]["purposes"]}
    assert rows[world.student_y.pk]["age"] == 15
    assert y["screening"]["needs_student"] is True
    assert y["screening"]["missing"] == ["A guardian's consent is missing.",
                                         "The student's own consent is missing (the student is 15)."]
    one = world.client("director").get(f"/api/v1/consents/register/?student={world.student_z.pk}").json()
    assert [r["student"] for r in one["results"]] == [world.student_z.pk]
    missing = world.client("director").get("/api/v1/consents/register/?purpose=screening&state=missing").json()
    assert {r["student"] for r in missing["results"]} == {world.student_y.pk, world.student_z.pk}
    assert world.client("director").get("/api/v1/consents/register/?class=x").status_code == 400


def test_coverage_and_notices(world, notices):
    guardian_consent(world)
    data = world.client("leader").get("/api/v1/consents/coverage/").json()
    assert data["total"] == 3
    by_class = {c["id"]: {p["purpose"]: p for p in c["purposes"]} for c in data["classes"]}
    assert by_class[world.class_a.pk]["screening"] == {"purpose": "screening", "complete": 1, "missing": 1,
                                                       "percent": 50}
    assert {p["purpose"]: p["complete"] for p in data["whole_school"]}["screening"] == 1
    v2 = publish(world, "screening", days_ago=-3)
    listed = world.client("parent_x").get("/api/v1/consents/notices/").json()
    flags = {(n["purpose"], n["version"]): n["in_effect"] for n in listed}
    assert flags[("screening", 1)] is True and flags[("screening", v2.version)] is False
    assert world.client("outsider").get("/api/v1/consents/notices/").json() == []


def test_token_clients_get_the_same_answers(world, notices):
    from rest_framework.test import APIClient

    from xinhuo.core.tokens import issue

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(world.users['parent_x'])[1]}")
    response = client.post("/api/v1/consents/give/", {"student": world.student_x.pk, "purpose": "screening",
                                                      "version": 1}, format="json")
    assert response.status_code == 201
    assert client.post("/api/v1/consents/give/", {"student": world.student_z.pk, "purpose": "screening",
                                                  "version": 1}, format="json").status_code == 404
