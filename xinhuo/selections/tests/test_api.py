"""The API (/api/v1/selections/): the same scopes and services as the pages."""

from __future__ import annotations

from xinhuo.core.models import AccessLog
from xinhuo.selections.models import Nomination, Stage, Vote
from xinhuo.selections.tests import helpers as h


def post(world, persona, url, body):
    return world.client(persona).post(url, body, content_type="application/json")


def test_the_list_and_a_selection(world):
    sel = h.voting_selection(world)
    rows = world.client("parent_x").get("/api/v1/selections/").json()["results"]
    assert [r["title"] for r in rows] == [sel.title]
    assert rows[0]["honour"] == "美德少年" and rows[0]["stage"] == "voting"
    assert AccessLog.objects.filter(object_type="selection", action="list").exists()
    detail = world.client("elder").get(f"/api/v1/selections/{sel.pk}/").json()
    assert (detail["voters"], detail["my_vote"]) == (None, None)  # the counts are not public during the vote
    assert world.client("director").get(f"/api/v1/selections/{sel.pk}/").json()["voters"] == 0
    filtered = world.client("director").get("/api/v1/selections/", {"stage": "awarded"}).json()
    assert filtered["count"] == 0


def test_nominations_as_each_may_see_them(world):
    sel = h.voting_selection(world)
    assert world.client("parent_x").get(f"/api/v1/selections/{sel.pk}/nominations/").json() == []
    rows = world.client("student_y").get(f"/api/v1/selections/{sel.pk}/nominations/").json()
    assert {r["name"] for r in rows} == {"张小明", "王小刚"}
    assert all(r["votes"] is None and r["review"] is None for r in rows)
    rows = world.client("director").get(f"/api/v1/selections/{sel.pk}/nominations/").json()
    assert all(r["votes"] == 0 and r["review"] == "accepted" for r in rows)


def test_nominating_through_the_api(world):
    sel = h.selection(world)
    url = f"/api/v1/selections/{sel.pk}/nominate/"
    ok = post(world, "head_teacher_a", url, {"nominee": world.student_y.pk, "reason": "热心班级事务"})
    assert ok.status_code == 201 and ok.json()["name"] == "李小红" and ok.json()["review"] == "pending"
    foreign = post(world, "head_teacher_a", url, {"nominee": world.other_student.pk, "reason": "x"})
    assert foreign.status_code == 400 and "nominee" in foreign.json()
    other_class = post(world, "head_teacher_a", url, {"nominee": world.student_z.pk, "reason": "x"})
    assert other_class.status_code == 400 and "你只能推荐本班" in other_class.json()["nominee"][0]
    assert post(world, "parent_x", url, {"nominee": world.student_x.pk, "reason": "x"}).status_code == 404
    assert Nomination.objects.count() == 1


def test_voting_through_the_api_once(world):
    sel = h.voting_selection(world)
    n = sel.nominations.get(student=world.student_x)
    url = f"/api/v1/selections/{sel.pk}/vote/"
    first = post(world, "student_y", url, {"nomination": n.pk})
    assert first.status_code == 201 and first.json()["nomination"] == n.pk
    again = post(world, "student_y", url, {"nomination": n.pk})
    assert again.status_code == 400 and "你已投过票" in str(again.json())
    assert post(world, "parent_x", url, {"nomination": n.pk}).status_code == 404
    assert Vote.objects.count() == 1
    assert world.client("student_y").get(f"/api/v1/selections/{sel.pk}/").json()["my_vote"] == n.pk


def test_stage_steps_through_the_api(world):
    sel = h.open_selection(world)
    url = f"/api/v1/selections/{sel.pk}/step/"
    assert post(world, "head_teacher_a", url, {"action": "close_nominations"}).status_code == 404
    response = post(world, "director", url, {"action": "close_nominations"})
    assert response.status_code == 200 and response.json()["stage"] == "reviewing"
    refused = post(world, "director", url, {"action": "award"})
    assert refused.status_code == 400
    sel.refresh_from_db()
    assert sel.stage == Stage.REVIEWING
