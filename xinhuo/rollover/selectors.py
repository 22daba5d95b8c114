"""Reads of the rollover pages and API, scoped to the actor's school (the committee: rollover.manage)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.models import User
from xinhuo.people import selectors as people_selectors

from . import progress
from .models import RolloverRun
from .services import ClassPlan, class_plan, current_year, undo_blockers


def runs(actor: Actor) -> QuerySet[RolloverRun]:
    actor.require("rollover.manage")
    return (RolloverRun.objects.filter(school=actor.school)
            .select_related("from_year", "to_year", "created_by", "applied_by", "undone_by")
            .order_by("-created_at"))


def run_detail(actor: Actor, pk) -> RolloverRun:
    return get_object_or_404(runs(actor), pk=pk)


def percent(run: RolloverRun) -> int:
    if run.status == RolloverRun.Status.DONE:
        return 100
    if run.running:
        return progress.read(run.pk) or 0
    return run.progress


def can_undo(run: RolloverRun) -> tuple[bool, list[str]]:
    if run.status != RolloverRun.Status.DONE:
        return False, []
    blockers = undo_blockers(run)
    return not blockers, [str(b) for b in blockers]


def defaults(actor: Actor) -> dict:
    """The form's first values: the year after the current one, 1 September to mid-July, with two terms
    (1 September – about 20 January, about 20 February – the year's end)."""
    actor.require("rollover.manage")
    old = current_year(actor.school)
    if old is None:
        return {}
    first = dt.date(old.end.year, 9, 1)
    start = first if first > old.end else old.end + dt.timedelta(days=1)
    y = start.year
    end = dt.date(y + 1, 7, 10)
    return {"name": f"{y}-{y + 1}学年", "start": start, "end": end, "term1_start": start,
            "term1_end": dt.date(y + 1, 1, 20), "term2_start": dt.date(y + 1, 2, 20), "term2_end": end}


def plan(actor: Actor) -> ClassPlan:
    actor.require("rollover.manage")
    return class_plan(actor.school)


def old_year(actor: Actor):
    actor.require("rollover.manage")
    return current_year(actor.school)


def staff_accounts(actor: Actor) -> QuerySet[User]:
    """Accounts that may head a class: a staff role in this school, active."""
    actor.require("rollover.manage")
    return (User.objects.filter(memberships__school=actor.school, memberships__role__in=STAFF_ROLES, is_active=True)
            .distinct().order_by("username"))


def students_by_number(actor: Actor, numbers: list[str]) -> tuple[list[int], list[str]]:
    """The enrolled students of these student numbers (ids), and the numbers that name none."""
    actor.require("rollover.manage")
    found = dict(people_selectors.enrolled_students_of_school(actor.school).filter(student_no__in=numbers)
                 .values_list("student_no", "pk"))
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]
