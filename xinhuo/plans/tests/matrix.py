"""The plans app's access-matrix cases; test_access_matrix adds them.

Every staff member sees the adopted plans of their school; the committee (director, school leaders) writes them;
the owner of a task (head_teacher_a here) reports its progress; parents, students and elders have no plans (404).
"""

from __future__ import annotations

from xinhuo.core.access import build_actor
from xinhuo.core.tests.matrix import STAFF, Case, k
from xinhuo.plans import services
from xinhuo.plans.models import PlanStatus, PlanTask, TaskEvidence, WorkPlan

SCHOOL_STAFF = STAFF - {"outsider"}
COMMITTEE = {"director", "leader"}  # of the demo school; the outsider directs another school
TASK_REPORTERS = COMMITTEE | {"head_teacher_a"}  # and the task's owner


def _plan(w, status: str) -> WorkPlan:
    title = f"矩阵测试计划 {status}"
    plan = WorkPlan.objects.filter(school=w.school, title=title).first()
    if plan is None:
        plan = services.plan_create_from_template(actor=build_actor(w.users["director"]), key="general", year=2026,
                                                  title=title)
        WorkPlan.objects.filter(pk=plan.pk).update(status=status)
        plan.status = status
    return plan


def a_plan(w) -> WorkPlan:
    return _plan(w, PlanStatus.ADOPTED)


def a_draft(w) -> WorkPlan:
    return _plan(w, PlanStatus.DRAFT)


def a_section(w):
    return a_plan(w).sections.order_by("order").first()


def a_task(w) -> PlanTask:
    """The first task of the adopted plan, owned by head_teacher_a."""
    task = PlanTask.objects.filter(plan=a_plan(w)).order_by("section__order", "order").first()
    if task.owner_id != w.users["head_teacher_a"].pk:
        task.owner = w.users["head_teacher_a"]
        task.save(update_fields=["owner"])
    return task


def an_evidence(w) -> TaskEvidence:
    from xinhuo.plans.tests.helpers import png

    task = a_task(w)
    ev = TaskEvidence.objects.filter(task=task).first()
    if ev is None:
        [ev] = services.evidence_add(actor=build_actor(w.users["head_teacher_a"]), task=task, photos=[png()])
    return ev


def plan_pk(w, e):
    return a_plan(w).pk


def task_pk(w, e):
    return a_task(w).pk


def section_pk(w, e):
    return a_section(w).pk


CASES: list = [
    Case("plans:list", STAFF),
    Case("plans:create", COMMITTEE | {"outsider"}),
    Case("plans:tasks", STAFF),
    Case("plans:detail", SCHOOL_STAFF, kwargs=k(pk=plan_pk)),
    Case("plans:edit", COMMITTEE, kwargs=k(pk=plan_pk)),
    Case("plans:status", COMMITTEE, ok=302, method="post", data={"status": "draft"}, kwargs=k(pk=plan_pk)),
    Case("plans:delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=lambda w, e: a_draft(w).pk)),
    Case("plans:print", SCHOOL_STAFF, kwargs=k(pk=plan_pk)),
    Case("plans:export", SCHOOL_STAFF, kwargs=k(pk=plan_pk)),
    Case("plans:section-create", COMMITTEE, kwargs=k(pk=plan_pk)),
    Case("plans:section-edit", COMMITTEE, kwargs=k(pk=section_pk)),
    Case("plans:section-delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=section_pk)),
    Case("plans:section-move", COMMITTEE, ok=302, method="post", data={"direction": "down"}, kwargs=k(pk=section_pk)),
    Case("plans:task-create", COMMITTEE, kwargs=k(pk=section_pk)),
    Case("plans:task-detail", SCHOOL_STAFF, kwargs=k(pk=task_pk)),
    Case("plans:task-edit", COMMITTEE, kwargs=k(pk=task_pk)),
    Case("plans:task-delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=task_pk)),
    Case("plans:task-move", COMMITTEE, ok=302, method="post", data={"direction": "down"}, kwargs=k(pk=task_pk)),
    Case("plans:task-progress", TASK_REPORTERS, ok=302, method="post", data={"status": "in_progress", "percent": "30"},
         kwargs=k(pk=task_pk)),
    # nothing uploaded: those who may add evidence get the refusal, everyone else does not learn the task exists
    Case("plans:evidence-add", TASK_REPORTERS, ok=400, method="post", kwargs=k(pk=task_pk)),
    Case("plans:evidence", SCHOOL_STAFF, kwargs=k(pk=lambda w, e: an_evidence(w).pk)),
    Case("plans:evidence-remove", TASK_REPORTERS, ok=302, method="post", kwargs=k(pk=lambda w, e: an_evidence(w).pk)),
    Case("api:plan-list", STAFF, api=True),
    Case("api:plan-detail", SCHOOL_STAFF, kwargs=k(pk=plan_pk), api=True),
    Case("api:plan-task-list", STAFF, api=True),
    Case("api:plan-task-detail", SCHOOL_STAFF, kwargs=k(pk=task_pk), api=True),
    Case("api:plan-task-progress", TASK_REPORTERS, method="post", data={"status": "in_progress", "percent": 30},
         kwargs=k(pk=task_pk), api=True),
    # a task's evidence on a phone (issue 20): staff who see the task read it; nothing sent is refused to those who
    # may add; the uploader (head_teacher_a) and the committee remove
    Case("api:plan-task-evidence", SCHOOL_STAFF, kwargs=k(pk=task_pk), api=True),
    Case("api:plan-task-evidence", TASK_REPORTERS, ok=400, method="post", kwargs=k(pk=task_pk), api=True),
    Case("api:plan-task-evidence-remove", TASK_REPORTERS, ok=204, method="delete", api=True,
         kwargs=k(pk=task_pk, evidence_pk=lambda w, e: an_evidence(w).pk)),
]
