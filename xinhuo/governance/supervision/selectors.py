"""Reads of the supervision part, scoped to the actor (rules.py holds the matching predicates): inspections (the
committee's), rectification items (all for the committee and the leading group, one's own for any other staff
member), accountability records (the leading group's only), the menu's test and the home panel."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import Actor

from .models import Accountability, ChecklistItem, Inspection, InspectionStatus, Rectification, RectificationStatus
from .rules import can, sees_accountability
from .services import Totals, totals

S = RectificationStatus
STATUS_ORDER = {S.OPEN: 0, S.SUBMITTED: 1, S.FAILED: 2, S.CLOSED: 3}


def overdue_q(today: dt.date) -> Q:
    """An item still being rectified after its deadline (evidence waiting for the committee is not overdue)."""
    return Q(status=S.OPEN, due_on__lt=today)


# --- inspections -----------------------------------------------------------------------------------------------


def inspections(actor: Actor, *, kind: str = "", status: str = "") -> QuerySet[Inspection]:
    """The school's inspections with their totals and item counts (the committee)."""
    actor.require("governance.supervision.manage")
    qs = Inspection.objects.filter(school=actor.school).select_related("created_by")
    if kind:
        qs = qs.filter(kind=kind)
    if status in InspectionStatus.values:
        qs = qs.filter(status=status)
    return qs.annotate(
        full=Sum("items__max_score"), score=Sum("items__score"), item_count=Count("items"),
    ).order_by("-held_on", "-pk")


def inspection_detail(actor: Actor, pk: int) -> Inspection:
    actor.require("governance.supervision.manage")
    found = Inspection.objects.filter(school=actor.school, pk=pk).select_related("created_by").first()
    if found is None:
        raise Http404
    return found


def checklist(inspection: Inspection) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(inspection=inspection).order_by("order", "pk"))


def checklist_totals(items: list[ChecklistItem]) -> Totals:
    return totals((i.max_score, i.score) for i in items)


def percent_of(inspection):
    """An annotated inspection's percentage (the list's annotations: full marks and score)."""
    return totals([(inspection.full, inspection.score)]).percent if inspection.full else None


# --- rectification items ---------------------------------------------------------------------------------------


def rectifications(actor: Actor, *, mine: bool = False) -> QuerySet[Rectification]:
    """The items the actor may see: the committee and the leading group every item of the school, any other staff
    member their own. Overdue ones first, then still open, waiting for verification, not rectified, closed."""
    actor.require("governance.supervision.view")
    today = timezone.localdate()
    qs = Rectification.objects.filter(school=actor.school).select_related("owner", "inspection")
    if mine or not (actor.can("governance.supervision.manage") or sees_accountability(actor)):
        qs = qs.filter(owner=actor.user)
    return qs.annotate(
        overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()),
        rank=Case(When(overdue_q(today), then=Value(-1)),
                  *[When(status=s, then=Value(n)) for s, n in STATUS_ORDER.items()],
                  default=Value(9), output_field=IntegerField()),
    ).order_by("rank", "due_on", "pk")


def rectification_list(actor: Actor, *, status: str = "", inspection: int | None = None, mine: bool = False,
                       overdue: bool = False) -> QuerySet[Rectification]:
    qs = rectifications(actor, mine=mine)
    if status in S.values:
        qs = qs.filter(status=status)
    if inspection:
        qs = qs.filter(inspection_id=inspection)
    if overdue:
        qs = qs.filter(overdue_q(timezone.localdate()))
    return qs


def rectification_detail(actor: Actor, pk: int) -> Rectification:
    found = rectifications(actor).filter(pk=pk).select_related("item").first()
    if found is None or not can(actor, "view_rectification", found):
        raise Http404
    return found


def steps(item: Rectification) -> QuerySet:
    return item.steps.select_related("by").order_by("at", "pk")


# --- accountability (the leading group only) --------------------------------------------------------------------


def accountabilities(actor: Actor) -> QuerySet[Accountability]:
    """The school's accountability records: the leading group's; anyone else gets 404."""
    actor.require("governance.supervision.view")
    if not sees_accountability(actor):
        raise Http404
    return (Accountability.objects.filter(school=actor.school)
            .select_related("rectification__inspection", "person", "recorded_by").order_by("-decided_on", "-pk"))


def failed_without_record(actor: Actor) -> QuerySet[Rectification]:
    if not sees_accountability(actor):
        raise Http404
    return (Rectification.objects.filter(school=actor.school, status=S.FAILED, accountability__isnull=True)
            .select_related("owner", "inspection").order_by("due_on", "pk"))


# --- menu and home page ----------------------------------------------------------------------------------------


def nav_shown(actor: Actor) -> bool:
    """The menu's entry: the committee and the leading group always, a staff member while they own an item that is
    not closed (one query)."""
    if actor.can("governance.supervision.manage"):
        return True
    from ..leading import held  # one query for all of governance's menu entries

    return sees_accountability(actor) or held(actor)["rectifications"]


def dashboard_panel(actor: Actor) -> dict | None:
    """The committee's open and overdue rectification items (counts and the first overdue ones); an owner's own
    open items; the leading group also the failed items still without an accountability record. Nobody else sees
    any figure about accountability."""
    if not actor.can("governance.supervision.view"):
        return None
    today = timezone.localdate()
    manages = actor.can("governance.supervision.manage")
    leading = sees_accountability(actor)
    base = Rectification.objects.filter(school=actor.school)
    if not (manages or leading):
        base = base.filter(owner=actor.user)
    figures = base.aggregate(
        open=Count("pk", filter=Q(status=S.OPEN)), submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
        overdue=Count("pk", filter=overdue_q(today)))
    if not (manages or leading) and not (figures["open"] or figures["submitted"]):
        return None
    shown = list(rectifications(actor, mine=not (manages or leading)).filter(
        status__in=(S.OPEN, S.SUBMITTED))[:5])
    data = {"manages": manages or leading, "items": shown, **figures, "today": today}
    if leading:
        data["to_decide"] = base.filter(status=S.FAILED, accountability__isnull=True).count()
    return data


def rectifications_of_school(school) -> QuerySet[Rectification]:
    """Every rectification item of the school, unscoped: for the evaluation's "items closed" (counts, titles)."""
    return Rectification.objects.filter(school=school)
