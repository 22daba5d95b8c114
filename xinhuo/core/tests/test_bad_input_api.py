"""Bad ids, oversized numbers and far-off dates in API requests answer 400 or 404 with a message and change
nothing; none is a server error (issue 21, finding 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.activities.models import Activity
from xinhuo.activities.tests.test_activity_api import application
from xinhuo.core.params import ID_MAX, parse_id
from xinhuo.plans.models import TaskUpdate
from xinhuo.plans.tests.helpers import a_plan, first_task

HUGE = "99999999999999999999"  # past any 64-bit integer column
JUST_PAST = str(ID_MAX + 1)


def get(world, persona, url, **params):
    return world.client(persona).get(url, params)


def post(world, persona, url, data):
    return world.client(persona).post(url, data, content_type="application/json")


@pytest.mark.parametrize("value", ["abc", "null", "1.5", "-1", "0", "²", "１２", HUGE, JUST_PAST, " 1"])
def test_parse_id_takes_only_ids_a_row_can_have(value):
    assert parse_id(value) is None


def test_parse_id_reads_ids():
    assert parse_id("12") == 12 and parse_id(7) == 7 and parse_id(str(ID_MAX)) == ID_MAX
    assert parse_id(True) is None


@pytest.mark.parametrize("url", [
    "/api/v1/care/growth/{}/", "/api/v1/students/{}/", "/api/v1/elders/hours/{}/", "/api/v1/activities/{}/"])
@pytest.mark.parametrize("bad", ["abc", "null", HUGE, "²"])
def test_a_path_id_that_is_no_id_is_not_found(world, url, bad):
    r = get(world, "director", url.format(bad))
    assert r.status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/care/follow-ups/{}/close/", "/api/v1/care/pairs/{}/contacts/"])
@pytest.mark.parametrize("bad", ["abc", "null", HUGE])
def test_an_action_on_a_path_id_that_is_no_id_is_not_found(world, url, bad):
    r = post(world, "director", url.format(bad), {"outcome": "好转", "way": "video", "topic": "学习"})
    assert r.status_code == 404
    assert r.json()["detail"] == "未找到。"


@pytest.mark.parametrize(("url", "param"), [
    ("/api/v1/students/", "grade"), ("/api/v1/students/", "class"), ("/api/v1/care/tags/", "class"),
    ("/api/v1/care/home-visits/", "student"), ("/api/v1/care/support/", "student"),
    ("/api/v1/plans/tasks/", "plan"), ("/api/v1/consents/register/", "student")])
@pytest.mark.parametrize("bad", [HUGE, JUST_PAST, "x", "²"])
def test_a_query_id_that_is_no_id_is_refused_with_a_message(world, url, param, bad):
    r = get(world, "director", url, **{param: bad})
    assert r.status_code == 400, r.content
    assert "须为记录的编号" in r.json()[param][0]


def test_a_query_id_that_is_an_id_still_filters(world):
    rows = get(world, "director", "/api/v1/students/", **{"class": str(world.class_a.pk)}).json()["results"]
    assert rows and {r["id"] for r in rows} >= {world.student_x.pk}


def test_an_oversized_audience_class_is_refused(world):
    before = Activity.objects.count()
    r = post(world, "head_teacher_a", "/api/v1/activities/", application(world, audience_classes=[int(HUGE)]))
    assert r.status_code == 400 and "audience_classes" in r.json()
    assert Activity.objects.count() == before


def test_an_oversized_activity_in_task_progress_is_refused(world):
    task = first_task(a_plan(world), owner=world.users["head_teacher_a"])
    r = post(world, "head_teacher_a", f"/api/v1/plans/tasks/{task.pk}/progress/",
             {"status": "in_progress", "percent": 10, "activities": [int(HUGE)]})
    assert r.status_code == 400 and "activities" in r.json()
    assert not TaskUpdate.objects.exists()


@pytest.mark.parametrize(("starts", "ends"), [
    ("0352-03-14T08:48:51Z", "0417-09-29T20:41:51Z"), ("0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z"),
    ("2101-01-01T08:00:00+08:00", "2101-01-02T08:00:00+08:00"), ("9999-12-31T10:00:00Z", "9999-12-31T11:00:00Z")])
def test_an_activity_dated_outside_1900_to_2100_is_refused(world, starts, ends):
    before = Activity.objects.count()
    r = post(world, "head_teacher_a", "/api/v1/activities/", application(world, starts_at=starts, ends_at=ends))
    assert r.status_code == 400, r.content
    assert "1900" in str(r.json())
    assert Activity.objects.count() == before


def test_an_activity_form_dated_outside_1900_to_2100_is_refused(world):
    before = Activity.objects.count()
    data = {"title": "远古活动", "kind": "volunteer", "place": "操场", "starts_at": "0352-03-14T08:00",
            "ends_at": "0352-03-14T10:00", "off_day_confirmed": "on"}
    r = world.client("head_teacher_a").post("/activities/new/", data)
    assert r.status_code == 400  # the form again, with the message
    assert "1900" in r.content.decode()
    assert Activity.objects.count() == before


def test_an_activity_in_range_is_still_accepted(world):
    start = dt.datetime(2099, 5, 1, 9, 0).isoformat()
    r = post(world, "head_teacher_a", "/api/v1/activities/",
             application(world, starts_at=start, ends_at=dt.datetime(2099, 5, 1, 11, 0).isoformat()))
    assert r.status_code == 201, r.content


@pytest.mark.parametrize("url", ["/api/v1/clubs/", "/api/v1/elders/pairs/", "/api/v1/students/"])
def test_a_nul_character_in_a_query_is_refused(world, url):
    # PostgreSQL text cannot hold NUL: a search for it failed in the database (schemathesis on PostgreSQL)
    r = get(world, "director", url, q="a\x00b")
    assert r.status_code == 400 and r.json()["q"] == ["不允许包含空字符。"]
