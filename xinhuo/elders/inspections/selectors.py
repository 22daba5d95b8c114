"""Reads of the volunteer inspections, scoped to the actor: the committee sees every report, an
elder the reports they filed."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from xinhuo.core.access import Actor

from ..models import Assignment, Elder, ElderRole, Inspection, InspectionPhoto, InspectionStep


def inspections(actor: Actor) -> QuerySet[Inspection]:
    """The committee sees every report of the school; an elder only the reports they filed."""
    actor.require("inspections.view")
    qs = Inspection.objects.filter(school=actor.school).select_related("inspector")
    if actor.can("elders.manage"):
        return qs
    if actor.elder_id is None:
        return qs.none()
    return qs.filter(inspector_id=actor.elder_id)


def inspection_list(actor: Actor, *, kind: str = "", severity: str = "", status: str = "", q: str = ""
                    ) -> QuerySet[Inspection]:
    qs = inspections(actor).annotate(photo_count=Count("photos"))
    if kind:
        qs = qs.filter(kind=kind)
    if severity:
        qs = qs.filter(severity=severity)
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(place__icontains=q) | Q(findings__icontains=q) | Q(inspector__name__icontains=q))
    return qs.order_by("-date", "-pk")


def inspection_detail(actor: Actor, pk: int) -> Inspection:
    steps = InspectionStep.objects.select_related("by").order_by("at", "pk")
    return get_object_or_404(
        inspections(actor).select_related("created_by").prefetch_related(
            Prefetch("photos", queryset=InspectionPhoto.objects.order_by("pk")), Prefetch("steps", steps)),
        pk=pk)


def inspection_photo(actor: Actor, pk: int) -> InspectionPhoto:
    """A photo, only through a report the actor may see (photos are never on a public URL)."""
    return get_object_or_404(InspectionPhoto.objects.select_related("inspection"), pk=pk,
                             inspection__in=inspections(actor))


def inspectors(actor: Actor) -> QuerySet[Elder]:
    """Elders who hold an active volunteer-inspector assignment: whom the committee can file for."""
    holds = Assignment.objects.filter(elder=OuterRef("pk"), school=actor.school, role=ElderRole.INSPECTOR,
                                          status=Assignment.Status.ACTIVE)
    return Elder.objects.filter(school=actor.school).filter(Exists(holds)).order_by("name", "pk")
