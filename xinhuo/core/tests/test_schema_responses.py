"""Answers that broke the OpenAPI schema (issue 21, finding 13) now match it: nulls where a related row is missing,
plain lists declared as lists, the elders' card by role, times, the roster's missing-file 400. Each answer is
validated against the schema /api/schema/ serves (schemathesis' response validation, as test_api_fuzz.py does
for generated requests)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator

from xinhuo.core.models import Notification
from xinhuo.elders.models import Availability


@pytest.fixture(scope="module")
def api_schema():
    return schemathesis.openapi.from_dict(copy.deepcopy(SchemaGenerator().get_schema(request=None, public=True)))


def conforms(api_schema, method: str, template: str, answer) -> None:
    """The Django test client's answer, validated against the operation's declared response (raises if not)."""
    import requests
    from schemathesis import Response

    request = requests.Request(method=method, url=f"http://testserver/api/v1{template}").prepare()
    headers = {name.lower(): [value] for name, value in answer.headers.items()}
    response = Response(status_code=answer.status_code, headers=headers, content=answer.content, request=request,
                        elapsed=0.0, verify=False)
    api_schema[f"/api/v1{template}"][method].validate_response(response)


def test_a_notification_without_a_sender(world, api_schema):
    Notification.objects.create(school=world.school, recipient=world.users["director"], title="系统提醒",
                                sender=None)
    r = world.client("director").get("/api/v1/notifications/")
    assert r.status_code == 200 and r.json()["results"][0]["sender"] is None
    conforms(api_schema, "GET", "/notifications/", r)


def test_the_consent_register_and_notices(world, api_schema):
    c = world.client("director")
    r = c.get("/api/v1/consents/register/")
    assert r.status_code == 200 and b'"student_consent":null' in r.content
    conforms(api_schema, "GET", "/consents/register/", r)
    r = c.get("/api/v1/consents/notices/")
    assert r.status_code == 200 and isinstance(r.json(), list)
    conforms(api_schema, "GET", "/consents/notices/", r)


@pytest.mark.parametrize("persona", ["director", "head_teacher_a"])
def test_the_elders_card_by_role(world, api_schema, persona):
    Availability.objects.create(elder=world.elder, weekday=1, start=dt.time(8, 30), end=dt.time(11, 30))
    c = world.client(persona)
    r = c.get("/api/v1/elders/")
    assert r.status_code == 200
    conforms(api_schema, "GET", "/elders/", r)
    r = c.get(f"/api/v1/elders/{world.elder.pk}/")
    assert r.status_code == 200
    conforms(api_schema, "GET", "/elders/{id}/", r)


def test_the_roster_import_without_a_file(world, api_schema):
    r = world.client("director").post("/api/v1/roster/import/", {})
    assert r.status_code == 400 and r.json()["ok"] is False and r.json()["errors"][0]["code"] == "no_file"
    conforms(api_schema, "POST", "/roster/import/", r)
