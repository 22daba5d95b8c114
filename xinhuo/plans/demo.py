"""The demo school's work plan: this school year's plan from the 综合 template, adopted, its tasks owned by the
demo accounts by department (the moral education office's by `depthead`, so their department list is full), some
done, some under way, a few past their deadline. Deterministic (its own random generator), bulk-written."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.models import Department, School, SchoolYear, User

from . import services
from .models import PlanStatus, PlanTask, TaskStatus, TaskUpdate, WorkPlan

# who owns the tasks of each kind of department (demo usernames); others: the director
OWNERS: dict[str, str] = {
    Department.Kind.MORAL_EDUCATION: "depthead",
    Department.Kind.ACADEMIC_AFFAIRS: "leader",
    Department.Kind.YOUTH_LEAGUE: "teacher",
    Department.Kind.GENERAL_AFFAIRS: "finance",
    Department.Kind.UNION: "director",
    Department.Kind.PARTY_BRANCH: "director",
}
NOTES = {
    TaskStatus.DONE: ["已按计划完成，材料已归档。", "活动全部开展完毕，总结已上报。", "制度已印发执行。"],
    TaskStatus.IN_PROGRESS: ["已开展第一阶段工作，正在推进。", "方案已制定，部分班级已开展。",
                             "正在收集材料，下月完成。"],
}


def build_plans(school: School, today: dt.date, director: User | None) -> WorkPlan | None:
    if director is None:
        return None
    actor = build_actor(director, school.pk)
    if actor is None or not actor.can("plans.manage"):
        return None
    rng = random.Random(f"plans-{school.code}")
    current = SchoolYear.objects.filter(school=school, is_current=True).order_by("-start").first()
    year = current.start.year if current else (today.year if today.month >= 8 else today.year - 1)
    plan = services.plan_create_from_template(actor=actor, key="general", year=year)
    users = {u.username: u for u in User.objects.filter(memberships__school=school,
                                                         username__in=set(OWNERS.values()))}
    tasks = list(PlanTask.objects.filter(plan=plan).prefetch_related("departments").order_by(
        "section__order", "order"))
    start, end = plan.period
    # two of the moral education office's tasks were due a few days ago: the overdue warnings have something to say
    moral = [t for t in tasks if any(d.kind == Department.Kind.MORAL_EDUCATION for d in t.departments.all())]
    for t, days in zip(moral[1:3], (3, 12), strict=False):
        due = today - dt.timedelta(days=days)
        if start <= due <= end:
            t.deadline = due
    updates, now = [], timezone.now()
    for t in tasks:
        kinds = [d.kind for d in t.departments.all()]
        t.owner = users.get(OWNERS.get(kinds[0], "director")) if kinds else None
        t.owner = t.owner or director
        overdue_now = t.deadline is not None and t.deadline < today
        roll = rng.random()
        if t in moral[1:3] and overdue_now:
            t.status, t.percent = TaskStatus.IN_PROGRESS, rng.choice((30, 50))
        elif overdue_now:
            t.status, t.percent = ((TaskStatus.DONE, 100) if roll < 0.7 else
                                   (TaskStatus.IN_PROGRESS, rng.choice((40, 60, 80))) if roll < 0.9 else
                                   (TaskStatus.NOT_STARTED, 0))
        else:
            t.status, t.percent = ((TaskStatus.IN_PROGRESS, rng.choice((10, 20, 40, 60))) if roll < 0.45 else
                                   (TaskStatus.DONE, 100) if roll < 0.55 else (TaskStatus.NOT_STARTED, 0))
        if t.status != TaskStatus.NOT_STARTED:
            note = rng.choice(NOTES[TaskStatus(t.status)])
            t.last_update_note, t.updated_at = note, now
            updates.append(TaskUpdate(task=t, status=t.status, percent=t.percent, note=note, by=t.owner, at=now))
    PlanTask.objects.bulk_update(tasks, ["owner", "deadline", "status", "percent", "last_update_note", "updated_at"])
    TaskUpdate.objects.bulk_create(updates)
    # adopted through the service: the owners and department heads find the notice of their tasks in the inbox
    services.plan_set_status(actor=actor, plan=plan, status=PlanStatus.ADOPTED)
    _link_activities(school, tasks, rng)
    return plan


def _link_activities(school: School, tasks: list[PlanTask], rng: random.Random) -> None:
    """Where the demo school already has activities, link a few to the tasks under way or done."""
    from xinhuo.activities.models import Activity

    activities = list(Activity.objects.filter(school=school).order_by("starts_at", "pk").values_list("pk", flat=True)[
        :40])
    if not activities:
        return
    Through = PlanTask.activities.through
    rows = [Through(plantask_id=t.pk, activity_id=a) for t in tasks if t.status != TaskStatus.NOT_STARTED
            for a in rng.sample(activities, k=min(2, len(activities)))]
    Through.objects.bulk_create(rows, ignore_conflicts=True)



def build(ctx) -> None:
    """The demo school's plans (manifest.py); the second school has none."""
    if ctx.named:
        build_plans(ctx.school, ctx.today, ctx.director)
