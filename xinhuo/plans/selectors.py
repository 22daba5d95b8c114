"""Reads of the plans app, scoped to the actor; each mirrors a rule in rules.py (denied = 404).

Scopes: the committee ("plans.manage") sees every plan of the school, drafts included; other staff see the adopted
plans. Task lists: "mine" (I own it), "department" (GOV-4: assigned to a department I head), "all" (the committee:
every task of the adopted plans). Counts per section come from one prefetch, so the plan page costs the same
number of queries for 10 tasks or 100.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.models import Department, User

from .models import OPEN_STATUSES, PlanSection, PlanStatus, PlanTask, TaskEvidence, TaskStatus, WorkPlan
from .rules import can

SCOPES = ("mine", "department", "all")


def plans(actor: Actor) -> QuerySet[WorkPlan]:
    if not actor.can("plans.view"):
        return WorkPlan.objects.none()
    qs = WorkPlan.objects.filter(school=actor.school)
    if not actor.can("plans.manage"):
        qs = qs.filter(status=PlanStatus.ADOPTED)
    return qs


def plan_list(actor: Actor, today: dt.date | None = None) -> QuerySet[WorkPlan]:
    """The plans with their task counts (done, open, overdue, dropped) for the list."""
    today = today or timezone.localdate()
    return plans(actor).annotate(
        n_tasks=Count("tasks", filter=~Q(tasks__status=TaskStatus.DROPPED)),
        n_done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
        n_overdue=Count("tasks", filter=Q(tasks__status__in=OPEN_STATUSES, tasks__deadline__lt=today)),
    ).order_by("-year", "status", "pk")


def plan_detail(actor: Actor, pk: int) -> WorkPlan:
    plan = get_object_or_404(plans(actor), pk=pk)
    if not can(actor, "view_plan", plan):
        raise Http404
    return plan


def _task_rows() -> QuerySet[PlanTask]:
    return (PlanTask.objects.select_related("owner").prefetch_related("departments")
            .annotate(n_activities=Count("activities", distinct=True), n_evidence=Count("evidence", distinct=True))
            .order_by("order", "pk"))


def plan_sections(plan: WorkPlan) -> list[PlanSection]:
    """The sections in order, each with its tasks (owner, departments, counts of activities and evidence)."""
    return list(plan.sections.order_by("order", "pk").prefetch_related(Prefetch("tasks", queryset=_task_rows())))


@dataclass
class Stats:
    total: int = 0  # dropped tasks aside
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    dropped: int = 0
    percent_sum: int = 0

    def add(self, task: PlanTask, today: dt.date) -> None:
        if task.status == TaskStatus.DROPPED:
            self.dropped += 1
            return
        self.total += 1
        self.percent_sum += task.percent
        self.done += task.status == TaskStatus.DONE
        self.in_progress += task.status == TaskStatus.IN_PROGRESS
        self.overdue += task.is_overdue(today)

    @property
    def percent(self) -> int:
        """The average progress of the tasks (a task half done counts half)."""
        return round(self.percent_sum / self.total) if self.total else 0


@dataclass
class SectionView:
    section: PlanSection
    number: str  # 一、 二、 … as in the document
    tasks: list[PlanTask]
    stats: Stats = field(default_factory=Stats)


@dataclass
class PlanPage:
    plan: WorkPlan
    sections: list[SectionView]
    stats: Stats
    first_number: int  # the 一、 number of the first section (after ideas, principles and goals)


def plan_page(plan: WorkPlan, today: dt.date | None = None) -> PlanPage:
    from .export import h1, h2, outline

    today = today or timezone.localdate()
    sections = plan_sections(plan)
    first = sum(1 for b in outline(plan, []) if b.kind == "h1") + 1
    views, total = [], Stats()
    for i, s in enumerate(sections):
        tasks = list(s.tasks.all())
        v = SectionView(s, h1(first + i, ""), tasks)
        for j, t in enumerate(tasks, 1):
            t.number = h2(j, "")  # type: ignore[attr-defined]
            t.overdue = t.is_overdue(today)  # type: ignore[attr-defined]
            v.stats.add(t, today)
            total.add(t, today)
        views.append(v)
    return PlanPage(plan, views, total, first)


def task_detail(actor: Actor, pk: int) -> PlanTask:
    task = get_object_or_404(PlanTask.objects.filter(plan__in=plans(actor))
                             .select_related("plan", "section", "owner").prefetch_related("departments"), pk=pk)
    if not can(actor, "view_task", task):
        raise Http404
    return task


def section_detail(actor: Actor, pk: int) -> PlanSection:
    section = get_object_or_404(PlanSection.objects.filter(plan__in=plans(actor)).select_related("plan"), pk=pk)
    if not can(actor, "view_plan", section.plan):
        raise Http404
    return section


def evidence_detail(actor: Actor, pk: int) -> TaskEvidence:
    ev = get_object_or_404(TaskEvidence.objects.filter(task__plan__in=plans(actor))
                           .select_related("task__plan"), pk=pk)
    if not can(actor, "view_task", ev.task):
        raise Http404
    return ev


def scopes_for(actor: Actor) -> list[str]:
    """The task lists this actor has: their own always, their departments' when they head one, all for the
    committee."""
    out = ["mine"]
    if actor.department_ids:
        out.append("department")
    if actor.can("plans.manage"):
        out.append("all")
    return out


def default_scope(actor: Actor) -> str:
    return "department" if actor.department_ids else "mine"


def tasks(actor: Actor, scope: str = "mine", *, status: str = "", overdue: bool = False, plan: int | None = None,
          today: dt.date | None = None) -> QuerySet[PlanTask]:
    """Tasks of the adopted plans in the scope, soonest deadline first; a scope the actor lacks is empty."""
    if not actor.can("plans.view") or scope not in scopes_for(actor):
        return PlanTask.objects.none()
    today = today or timezone.localdate()
    qs = PlanTask.objects.filter(plan__school=actor.school, plan__status=PlanStatus.ADOPTED)
    if scope == "mine":
        qs = qs.filter(owner=actor.user)
    elif scope == "department":
        qs = qs.filter(pk__in=PlanTask.departments.through.objects.filter(
            department_id__in=actor.department_ids).values("plantask_id"))
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=today)
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    return (qs.select_related("plan", "section", "owner").prefetch_related("departments")
            .order_by("deadline", "plan_id", "section__order", "order", "pk"))


def api_tasks(actor: Actor, scope: str = "", **filters) -> QuerySet[PlanTask]:
    """The API's task list: one scope, or without one every task the actor may see (their plans' tasks)."""
    if scope:
        return tasks(actor, scope, **filters)
    today = filters.get("today") or timezone.localdate()
    qs = PlanTask.objects.filter(plan__in=plans(actor))
    if filters.get("status") in TaskStatus.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=today)
    if filters.get("plan") is not None:
        qs = qs.filter(plan_id=filters["plan"])
    return (qs.select_related("plan", "section", "owner").prefetch_related("departments")
            .order_by("plan_id", "section__order", "section_id", "order", "pk"))


# --- choices for the forms ------------------------------------------------------------------------------------


def owner_choices(school) -> QuerySet[User]:
    """Staff members of the school (a task's owner is one of them)."""
    return (User.objects.filter(memberships__school=school, memberships__role__in=STAFF_ROLES, is_active=True)
            .distinct().order_by("full_name", "username"))


def department_choices(school) -> QuerySet[Department]:
    return Department.objects.filter(school=school).order_by("pk")


def activity_choices(plan: WorkPlan):
    """Activities of the school within the plan's school year, rejected ones aside, latest first."""
    from xinhuo.activities.models import ActivityStatus
    from xinhuo.activities.selectors import activities_of_school

    start, end = plan.period
    return (activities_of_school(plan.school_id).filter(starts_at__date__gte=start, starts_at__date__lte=end)
            .exclude(status=ActivityStatus.REJECTED).order_by("-starts_at", "pk"))
