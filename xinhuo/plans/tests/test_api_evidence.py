"""A task's evidence on a phone (issue 20): the task's owner adds photos and files over the API as on the task's page
(each checked by core.uploads; one refused upload keeps all out) and removes what they uploaded; staff who see the
task read the list; others may not add or remove (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.core.tests.helpers import msg
from xinhuo.plans.models import PlanStatus, TaskEvidence, WorkPlan

from .helpers import a_plan, first_task, pdf, png

API = "/api/v1/plans/tasks"


def rows() -> list[tuple]:
    return list(TaskEvidence.objects.order_by("pk").values_list("task_id", "kind", "name", "content_type",
                                                                 "uploaded_by"))


def owned_task(world, **kw):
    return first_task(a_plan(world, **kw), owner=world.users["head_teacher_a"])


def test_the_owner_adds_evidence_as_the_page_does(world):
    task = owned_task(world)
    c = world.client("head_teacher_a")
    assert c.post(reverse("plans:evidence-add", args=[task.pk]), {"photos": [png()], "documents": [pdf()]}
                  ).status_code == 302
    r = c.post(f"{API}/{task.pk}/evidence/", {"photos": [png()], "documents": [pdf()]})
    assert r.status_code == 201, r.content
    assert [(e["kind"], e["name"], e["removable"]) for e in r.json()] == [("photo", "photo.png", True),
                                                                          ("file", "总结.pdf", True)]
    page_rows, api_rows = rows()[:2], rows()[2:]
    assert page_rows == api_rows == [
        (task.pk, "photo", "photo.png", "image/png", world.users["head_teacher_a"].pk),
        (task.pk, "file", "总结.pdf", "application/pdf", world.users["head_teacher_a"].pk)]
    # staff who see the task read the list; only the uploader and the committee may remove
    listed = world.client("counsellor").get(f"{API}/{task.pk}/evidence/")
    assert listed.status_code == 200 and len(listed.json()) == 4
    assert {e["removable"] for e in listed.json()} == {False}
    assert {e["removable"] for e in world.client("director").get(f"{API}/{task.pk}/evidence/").json()} == {True}


def test_refusals_are_the_pages_and_keep_everything_out(world):
    task = owned_task(world)
    c = world.client("head_teacher_a")
    r = c.post(f"{API}/{task.pk}/evidence/", {"photos": [png(), pdf("不是照片.png")], "documents": [pdf()]})
    assert r.status_code == 400 and list(r.json()) == ["photos"] and "不是照片.png" in r.json()["photos"][0]
    r = c.post(f"{API}/{task.pk}/evidence/", {})
    assert r.status_code == 400 and r.json() == {"photos": [msg("Choose at least one photo or file.")]}
    r = c.post(f"{API}/{task.pk}/evidence/", {}, content_type="application/json")
    assert r.status_code == 400 and r.json() == {"photos": [msg("Choose at least one photo or file.")]}
    assert rows() == []


def test_a_draft_plan_takes_no_evidence(world):
    task = owned_task(world)
    WorkPlan.objects.filter(pk=task.plan_id).update(status=PlanStatus.DRAFT)
    r = world.client("director").post(f"{API}/{task.pk}/evidence/", {"photos": [png()]})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "This plan is still a draft: progress is reported once it is adopted.")]}
    assert rows() == []


def test_the_uploader_removes_their_evidence(world):
    task = owned_task(world)
    c = world.client("head_teacher_a")
    [ev] = c.post(f"{API}/{task.pk}/evidence/", {"photos": [png()]}).json()
    assert world.client("counsellor").delete(f"{API}/{task.pk}/evidence/{ev['id']}/").status_code == 404
    other = first_task(a_plan(world, title="另一份计划"), owner=world.users["head_teacher_a"])
    assert c.delete(f"{API}/{other.pk}/evidence/{ev['id']}/").status_code == 404  # not this task's
    assert c.delete(f"{API}/{task.pk}/evidence/{ev['id']}/").status_code == 204
    assert rows() == []


@pytest.mark.parametrize("persona", ["head_teacher_b", "counsellor", "finance", "parent_x", "student_x", "elder",
                                     "outsider"])
def test_others_neither_add_nor_remove(world, persona):
    task = owned_task(world)
    [ev] = world.client("head_teacher_a").post(f"{API}/{task.pk}/evidence/", {"photos": [png()]}).json()
    before = rows()
    c = world.client(persona)
    assert c.post(f"{API}/{task.pk}/evidence/", {"photos": [png()]}).status_code == 404
    assert c.delete(f"{API}/{task.pk}/evidence/{ev['id']}/").status_code == 404
    assert rows() == before
