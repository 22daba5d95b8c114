"""What the work plans do when the school year turns (issue 19; registry.Rollover): the new year's plan is offered
from last year's, and nothing is written.

The preview says, for the new school year (a plan's `year` is the calendar year its school year starts in):
- the plans the new year already has ("already exists"), or else
- the plan it can be copied from: last year's (adopted first, then the latest made), or failing that the latest
  earlier one; or that there is none to copy (a template then).

Copying stays the committee's step (plan_create: "a copy of an earlier plan, last year's first", services.plan_copy):
a draft made by the rollover would take a title and a source the committee did not choose, and plan_copy keeps
only the task owners still on the staff, which the same rollover is changing. So `apply` writes nothing and `undo`
has nothing to restore.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from xinhuo.core.registry import RolloverLine, YearTurn

from .models import PlanStatus, WorkPlan, year_label

APP = "plans"


def copy_source(school_id: int, year: int) -> WorkPlan | None:
    """The plan the plan of `year` would be copied from: the latest earlier year's, adopted first, then the
    latest made."""
    adopted_first = Case(When(status=PlanStatus.ADOPTED, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return (WorkPlan.objects.filter(school_id=school_id, year__lt=year)
            .order_by("-year", adopted_first, "-created_at", "-pk").first())


def preview(turn: YearTurn) -> list[RolloverLine]:
    year = turn.new_start.year
    label = year_label(year)
    existing = list(WorkPlan.objects.filter(school_id=turn.school_id, year=year).order_by("pk")
                    .values_list("title", flat=True))
    if existing:
        return [RolloverLine(APP, _("The work plan for %(year)s already exists") % {"year": label}, len(existing),
                             tuple(existing), action=False)]
    source = copy_source(turn.school_id, year)
    if source is None:
        return [RolloverLine(APP, _("No work plan to copy for %(year)s: start it from a template") % {
            "year": label}, 0, action=False)]
    return [RolloverLine(APP, _("The work plan for %(year)s can be copied from %(title)s") % {
        "year": label, "title": source.title}, 1, (source.title,), action=False)]


def apply(turn: YearTurn) -> dict:
    return {}


def undo(turn: YearTurn, data: dict | None) -> None:
    return None
