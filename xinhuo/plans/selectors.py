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
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.charts import chart
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


# --- the home page -----------------------------------------------------------------------------------------------

PANEL_ROWS = 5  # tasks listed on the home page (the task list has them all)
DUE_SOON_DAYS = 30  # "due soon": a deadline within this many days


def school_year_of(day: dt.date) -> int:
    """The plan year `day` falls in (a plan's year runs September to August)."""
    return day.year if day.month >= 9 else day.year - 1


def year_plan(actor: Actor, today: dt.date | None = None) -> WorkPlan | None:
    """This school year's adopted plan (the first one when the school adopted several), in the actor's scope."""
    today = today or timezone.localdate()
    return plans(actor).filter(status=PlanStatus.ADOPTED, year=school_year_of(today)).order_by("pk").first()


def _watched(actor: Actor) -> Q | None:
    """The tasks of the year's plan an actor watches on the home page: every task for the committee, the tasks a
    department head or their departments own (GOV-4); None for anyone else (their own tasks are "due soon")."""
    if actor.can("plans.manage"):
        return Q()
    if actor.department_ids and actor.can("plans.view"):
        return Q(owner=actor.user) | Q(pk__in=PlanTask.departments.through.objects.filter(
            department_id__in=actor.department_ids).values("plantask_id"))
    return None


def _section_label(number: str, title: str) -> str:
    """A chart category: the section's number as in the document and the start of its title."""
    short = title if len(title) <= 5 else title[:4] + "…"  # five sections side by side in half the page
    return f"{number}{short}"


def plan_progress(actor: Actor, plan: WorkPlan, watched: Q, today: dt.date) -> dict:
    """Completion per section of the plan, for the tasks watched: overdue, in progress, not started and done
    (dropped tasks aside; an overdue task counts as overdue only), as a stacked chart. Two queries."""
    from .export import h1, outline

    first = sum(1 for b in outline(plan, []) if b.kind == "h1") + 1
    sections = list(plan.sections.order_by("order", "pk").values_list("pk", "title"))
    late = Q(status__in=OPEN_STATUSES, deadline__lt=today)
    on_time = Q(deadline__isnull=True) | Q(deadline__gte=today)
    counts = {row["section_id"]: row for row in (
        PlanTask.objects.filter(watched, plan=plan).exclude(status=TaskStatus.DROPPED)
        .values("section_id").order_by()
        .annotate(overdue=Count("pk", filter=late),
                  in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS) & on_time),
                  not_started=Count("pk", filter=Q(status=TaskStatus.NOT_STARTED) & on_time),
                  done=Count("pk", filter=Q(status=TaskStatus.DONE))))}
    whole = actor.can("plans.manage")  # the committee's chart shows every section, even one without tasks yet
    rows = [(h1(first + i, ""), title, counts.get(pk, {})) for i, (pk, title) in enumerate(sections)
            if whole or pk in counts]
    keys = ("overdue", "in_progress", "not_started", "done")
    totals = {k: sum(r[2].get(k, 0) for r in rows) for k in keys}
    total = sum(totals.values())
    # red first: ECharts takes the site's palette in order (red, orange, yellow, green)
    labels = {"overdue": _("Overdue"), "in_progress": _("In progress"), "not_started": _("Not started"),
              "done": _("Done")}
    spec = chart(
        "plan-progress-chart", "stacked", [_section_label(n, t) for n, t, _c in rows],
        [(labels[k], [r[2].get(k, 0) for r in rows]) for k in keys],
        title=_("How the year's plan is going"), unit=pgettext("chart unit", "tasks"),
        summary=_("%(done)d of %(total)d tasks done, %(overdue)d overdue.") % {
            "done": totals["done"], "total": total, "overdue": totals["overdue"]},
    )
    return {"spec": spec, "totals": totals, "total": total,
            "sections": [{"number": n, "title": t, **{k: c.get(k, 0) for k in keys}} for n, t, c in rows]}


def dashboard_plans(actor: Actor, today: dt.date | None = None) -> dict | None:
    """The home page's work plan: for the committee the year's plan per section (a chart) and its overdue tasks;
    for a department head the same for the tasks they or their departments own; for every task owner their open
    tasks due within DUE_SOON_DAYS (overdue ones too when no overdue list shows them). None when the actor has
    none of these. At most five queries, whatever the number of tasks."""
    if not actor.can("plans.view"):
        return None
    today = today or timezone.localdate()
    out: dict = {"today": today}
    watched = _watched(actor)
    plan = year_plan(actor, today) if watched is not None else None
    if plan is not None and watched is not None:
        out["plan"] = plan
        out["progress"] = plan_progress(actor, plan, watched, today)
        if not out["progress"]["total"]:
            del out["progress"]
        else:
            late = (PlanTask.objects.filter(watched, plan=plan, status__in=OPEN_STATUSES, deadline__lt=today)
                    .select_related("owner", "section").order_by("deadline", "pk"))
            out["overdue"] = list(late[:PANEL_ROWS])
            out["overdue_count"] = out["progress"]["totals"]["overdue"]
            out["overdue_scope"] = "all" if actor.can("plans.manage") else "department"
    elif watched is not None and actor.can("plans.manage"):
        out["no_plan"] = True  # the committee is told this year's plan is not adopted yet
    soon = (tasks(actor, "mine", today=today).prefetch_related(None)
            .filter(status__in=OPEN_STATUSES, deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS)))
    if "overdue" in out:
        soon = soon.filter(deadline__gte=today)
    due = list(soon[:PANEL_ROWS])
    for t in due:
        t.overdue = t.is_overdue(today)  # type: ignore[attr-defined]
        t.days_left = (t.deadline - today).days  # type: ignore[attr-defined,operator]
    if due:
        out["due_soon"] = due
    for t in out.get("overdue", []):
        t.days_late = (today - t.deadline).days  # type: ignore[attr-defined]
    if len(out) == 1:
        return None
    return out


def tasks_of_school(school) -> QuerySet[PlanTask]:
    """Every task of the school's adopted work plans, unscoped: for the evaluation's indicators (counts), which
    check the actor themselves."""
    return PlanTask.objects.filter(plan__school=school, plan__status=PlanStatus.ADOPTED)
