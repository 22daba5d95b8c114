"""/api/v1/plans/: the same scopes, rules and refusals as the pages."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xinhuo.plans import services
from xinhuo.plans.models import PlanTask, TaskStatus, TaskUpdate
from xinhuo.plans.templates_data import TEMPLATES

from .helpers import a_plan, dept_head, first_task
from .test_progress import an_activity


def test_plan_list_and_detail_with_sections_and_tasks(world):
    plan = a_plan(world)
    draft = a_plan(world, adopted=False, key="team")
    c = world.client("counsellor")
    rows = c.get("/api/v1/plans/").json()["results"]
    assert [r["id"] for r in rows] == [plan.pk]  # the draft is the committee's
    assert rows[0]["status"] == "adopted" and rows[0]["tasks_total"] == PlanTask.objects.filter(plan=plan).count()
    assert {r["id"] for r in world.client("director").get("/api/v1/plans/").json()["results"]} == {plan.pk, draft.pk}
    detail = c.get(f"/api/v1/plans/{plan.pk}/").json()
    assert detail["principles"] == TEMPLATES["general"]["principles"]
    assert [s["title"] for s in detail["sections"]] == [s["title"] for s in TEMPLATES["general"]["sections"]]
    task = detail["sections"][0]["tasks"][0]
    assert task["title"] == "深入开展爱国主义教育" and task["departments"] == [{"id": world.department.pk,
                                                                        "name": "德育处"}]
    assert task["measures"] == TEMPLATES["general"]["sections"][0]["tasks"][0]["measures"]
    assert c.get(f"/api/v1/plans/{draft.pk}/").status_code == 404
    assert world.client("outsider").get(f"/api/v1/plans/{plan.pk}/").status_code == 404
    assert world.client("parent_x").get("/api/v1/plans/").status_code == 404


def test_task_list_scopes(world):
    head = dept_head(world)
    plan = a_plan(world)
    PlanTask.objects.filter(plan=plan).update(deadline=dt.date(2027, 6, 30))
    mine = first_task(plan, owner=world.users["counsellor"], deadline=dt.date(2026, 10, 1))
    c = world.client("counsellor")
    everything = c.get("/api/v1/plans/tasks/").json()
    assert everything["count"] == PlanTask.objects.filter(plan=plan).count()
    rows = c.get("/api/v1/plans/tasks/?scope=mine").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk] and rows[0]["overdue"] is True
    assert rows[0]["plan_title"] == plan.title
    assert c.get("/api/v1/plans/tasks/?scope=department").json()["count"] == 0  # heads no department
    assert c.get("/api/v1/plans/tasks/?scope=everything").status_code == 400
    assert c.get("/api/v1/plans/tasks/?plan=x").status_code == 400
    hc = Client()
    hc.force_login(head, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    ids = {r["id"] for r in hc.get("/api/v1/plans/tasks/?scope=department").json()["results"]}
    assert ids == set(PlanTask.objects.filter(plan=plan, departments=world.department).values_list("pk", flat=True))
    overdue = hc.get("/api/v1/plans/tasks/?scope=department&overdue=1").json()["results"]
    assert [r["id"] for r in overdue] == [mine.pk]


def test_progress_action_uses_the_service(world):
    plan = a_plan(world)
    task = first_task(plan, owner=world.users["head_teacher_a"])
    act = an_activity(world.school, world.users["head_teacher_a"])
    c = world.client("head_teacher_a")
    url = f"/api/v1/plans/tasks/{task.pk}/progress/"
    r = c.post(url, {"status": "in_progress", "percent": 101}, content_type="application/json")
    assert r.status_code == 400 and r.json()["percent"] == ["进度请填写 0 到 100 之间的整数。"]
    r = c.post(url, {"status": "dropped", "percent": 10}, content_type="application/json")
    assert r.status_code == 400 and r.json()["note"] == ["请说明取消这项任务的原因。"]
    other = an_activity(world.other, world.users["outsider"])
    r = c.post(url, {"status": "in_progress", "percent": 10, "activities": [other.pk]},
               content_type="application/json")
    assert r.status_code == 400 and r.json()["activities"] == ["请选择本校的活动。"]
    assert not TaskUpdate.objects.exists()
    r = c.post(url, {"status": "in_progress", "percent": 100, "note": "完成", "activities": [act.pk]},
               content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["percent"], body["activities"]) == ("done", 100, [act.pk])
    assert world.client("head_teacher_b").post(url, {"status": "done", "percent": 100},
                                               content_type="application/json").status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and TaskUpdate.objects.count() == 1


def test_task_list_query_count_is_constant(world):
    plan = a_plan(world)
    c = world.client("director")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    count("/api/v1/plans/tasks/")
    few = count("/api/v1/plans/tasks/")
    detail = count(f"/api/v1/plans/{plan.pk}/")
    director = world.actor("director")
    for section in plan.sections.all():
        services.task_create(actor=director, section=section, title="追加", owner=world.users["leader"],
                             departments=[world.department])
    assert count("/api/v1/plans/tasks/") == few
    assert count(f"/api/v1/plans/{plan.pk}/") == detail
