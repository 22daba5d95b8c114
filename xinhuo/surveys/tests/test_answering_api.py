"""The answering API (/api/v1/surveys/open/): the caller's open surveys, a survey's questions and rules, submitting
once (201; refused 400 with messages by key, nothing written), a named survey's draft, and the hot path's queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from xinhuo.core import tokens
from xinhuo.surveys.models import Participation, Response, Survey, SurveyStatus

from .test_answering_views import ANSWERS, REQUIRED, every_kind, zh

pytestmark = pytest.mark.django_db
API = "/api/v1/surveys/open"


def token_client(world, persona: str) -> APIClient:
    client = APIClient()
    _token, key = tokens.issue(world.users[persona])
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def submit(client, survey, answers):
    return client.post(f"{API}/{survey.pk}/submit/", {"answers": answers}, format="json")


def test_list_has_the_open_surveys_of_my_audience(world):
    for_students, for_parents = every_kind(world), every_kind(world, title="家长问卷", for_parents=True)
    c = token_client(world, "student_x")
    rows = c.get(f"{API}/").json()["results"]
    assert [(r["id"], r["state"], r["answered"], r["anonymous"]) for r in rows] == [
        (for_students.pk, "new", False, True)]
    assert submit(c, for_students, ANSWERS).status_code == 201
    assert c.get(f"{API}/").json()["results"][0]["answered"] is True
    parent = token_client(world, "parent_x").get(f"{API}/").json()["results"]
    assert {r["id"] for r in parent} == {for_students.pk, for_parents.pk}
    assert token_client(world, "outsider").get(f"{API}/").json()["results"] == []


def test_retrieve_gives_the_questions_and_their_rules(world):
    survey = every_kind(world)
    data = token_client(world, "student_x").get(f"{API}/{survey.pk}/").json()
    assert data["anonymous"] is True and data["open"] is True and data["answered"] is False
    assert data["draft"] == {}
    by_key = {q["key"]: q for q in data["questions"]}
    assert len(data["questions"]) == 13
    assert by_key["q2"]["options"] == ["研学", "升旗", "志愿服务"] and by_key["q2"]["max_choices"] == 2
    assert by_key["q3"]["points"] == 5 and len(by_key["q3"]["scale_labels"]) == 5
    assert by_key["q7"]["show_if"] == {"key": "q1", "values": [2]}
    assert by_key["q8"]["min_value"] == 0 and by_key["q8"]["max_value"] == 24
    assert by_key["q12"]["rows"] == ["研学", "升旗"]
    assert by_key["q4"]["kind"] == "page"
    assert token_client(world, "parent_x").get(f"{API}/{survey.pk}/").status_code == 200
    assert token_client(world, "elder").get(f"{API}/{survey.pk}/").status_code == 404
    assert token_client(world, "student_x").get(f"{API}/abc/").status_code == 404


def test_submit_once_and_refusals_by_key(world):
    survey = every_kind(world)
    c = token_client(world, "student_x")
    r = submit(c, survey, {"q1": 0, "q2": [0, 1, 2], "q3": "x", "q12": {"0": 5}})
    assert r.status_code == 400
    assert r.json() == {"q2": [zh("Choose at most %(n)d.", n=2)], "q3": [zh("Choose a point of the scale.")],
                        "q6": [zh(REQUIRED)], "q12": [zh("Answer every row.")]}
    assert not Response.objects.exists() and not Participation.objects.exists()
    assert c.post(f"{API}/{survey.pk}/submit/", {"answers": ["q1"]}, format="json").status_code == 400
    assert c.post(f"{API}/{survey.pk}/submit/", {}, format="json").status_code == 400
    r = submit(c, survey, ANSWERS)
    assert r.status_code == 201 and r.json() == {"survey": survey.pk, "submitted": True}, "no response id"
    assert Response.objects.get().answers == ANSWERS
    r = submit(c, survey, ANSWERS)
    assert r.status_code == 400 and "detail" in r.json()
    assert Response.objects.count() == 1
    survey.refresh_from_db()
    assert survey.response_count == 1


def test_closed_survey_refuses(world):
    survey = every_kind(world)
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
    r = submit(token_client(world, "student_x"), survey, ANSWERS)
    assert r.status_code == 400 and not Response.objects.exists()


def test_named_survey_draft_then_submit(world):
    survey = every_kind(world, anonymous=False)
    c = token_client(world, "student_x")
    r = c.post(f"{API}/{survey.pk}/draft/", {"answers": {"q1": 1, "q3": 2}}, format="json")
    assert r.status_code == 200 and r.json()["draft"] == {"q1": 1, "q3": 2}
    assert c.get(f"{API}/{survey.pk}/").json()["draft"] == {"q1": 1, "q3": 2}
    assert c.post(f"{API}/{survey.pk}/draft/", {"answers": {"q3": 9}}, format="json").status_code == 400
    r = submit(c, survey, {k: v for k, v in ANSWERS.items() if k not in ("q1", "q3")})
    assert r.status_code == 201
    response = Response.objects.get(survey=survey, respondent=world.users["student_x"])
    assert r.json() == {"survey": survey.pk, "submitted": True, "response": response.pk}
    assert response.answers == {**ANSWERS, "q1": 1, "q3": 2}


def test_anonymous_survey_keeps_no_draft(world):
    survey = every_kind(world)
    r = token_client(world, "student_x").post(f"{API}/{survey.pk}/draft/", {"answers": {"q1": 1}}, format="json")
    assert r.status_code == 400 and not Response.objects.exists() and not Participation.objects.exists()


# The hot path: one anonymous submission by token. 3 are the token and the actor (memberships, their classes); 6
# read the survey, the student's seat (their id, their record, the survey's grades and classes) and the questions;
# 3 write (participation, response, counter) — a second answer is refused by the participation's unique key, not
# looked for first; 2 are the savepoint the test's own transaction turns the service's transaction into.
SUBMIT_QUERIES = 14


def test_an_anonymous_submission_costs_a_few_queries(world):
    survey = every_kind(world)
    c = token_client(world, "student_y")
    assert c.get(f"{API}/").status_code == 200  # per-process caches (content types) are not the request's cost
    c = token_client(world, "student_x")
    with CaptureQueriesContext(connection) as ctx:
        r = submit(c, survey, ANSWERS)
    assert r.status_code == 201
    assert len(ctx.captured_queries) <= SUBMIT_QUERIES, "\n".join(q["sql"] for q in ctx.captured_queries)
