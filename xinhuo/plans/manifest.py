"""Work plans (PLAN-1, PLAN-2, GOV-4): the plan as structured data, tasks and their progress."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, Handover, NavEntry, Panel, Rollover

MANIFEST = AppManifest(
    label="plans",
    # every staff member sees the adopted plans, their own tasks and their departments' (rules.py); the committee
    # writes the plan and sees its drafts
    capabilities={
        "plans.view": STAFF_ROLES,
        "plans.manage": frozenset({R.DIRECTOR, R.LEADER}),
    },
    nav_groups={"plans": _("Work plan")},
    nav=(
        NavEntry(_("Work plans"), "plans:list", "plans.view", "/plans/", "plans", order=100),
        NavEntry(_("My tasks"), "plans:tasks", "plans.view", "/plans/tasks/", "plans", order=110),
    ),
    urls="xinhuo.plans.urls",
    url_prefix="plans/",
    api_routes=(
        ApiRoute("plans/tasks", "xinhuo.plans.api.TaskViewSet", "plan-task"),
        ApiRoute("plans", "xinhuo.plans.api.PlanViewSet", "plan"),
    ),
    # the home page: the year's plan per section and its overdue tasks (the committee; a department head for theirs),
    # every owner's tasks due soon; one context for the three
    panels=(
        Panel("plan_progress", "plans/panels/progress.html", "xinhuo.plans.selectors.dashboard_plans", order=10,
              place="chart"),
        Panel("plan_overdue", "plans/panels/overdue.html", "xinhuo.plans.selectors.dashboard_plans", order=15,
              place="list"),
        Panel("plan_due_soon", "plans/panels/due_soon.html", "xinhuo.plans.selectors.dashboard_plans", order=16,
              place="list"),
    ),
    daily_jobs=("xinhuo.plans.tasks.plan_reminders_task",),
    demo=DemoStep("xinhuo.plans.demo.build", after=("activities",)),
    matrix="xinhuo.plans.tests.matrix.CASES",
    search=("xinhuo.plans.search.PLANS", "xinhuo.plans.search.TASKS"),  # RES-2: the one search box
    rollover=Rollover("xinhuo.plans.rollover.preview", "xinhuo.plans.rollover.apply", "xinhuo.plans.rollover.undo"),
    handover=Handover("xinhuo.plans.handover.items", "xinhuo.plans.handover.reassign"),
)
