"""Reads of training and study (ELD-3), scoped to the actor, and who still needs an induction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import Actor

from ..models import Assignment, Elder, ElderRole, TrainingAttendance, TrainingMaterial, TrainingSession


def training_sessions(actor: Actor) -> QuerySet[TrainingSession]:
    """The committee sees every session; an elder the sessions on whose list they are."""
    actor.require("training.view")
    qs = TrainingSession.objects.filter(school=actor.school)
    if actor.can("elders.manage"):
        return qs
    if actor.elder_id is None:
        return qs.none()
    return qs.filter(pk__in=TrainingAttendance.objects.filter(elder_id=actor.elder_id).values("session_id"))


def training_list(actor: Actor, *, kind: str = "", q: str = "", when: str = "") -> QuerySet[TrainingSession]:
    qs = training_sessions(actor).annotate(
        listed=Count("attendance", distinct=True),
        present_count=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        file_count=Count("files", distinct=True),
    )
    if actor.elder_id is not None:
        mine = TrainingAttendance.objects.filter(session=OuterRef("pk"), elder_id=actor.elder_id)
        qs = qs.annotate(my_present=Subquery(mine.values("present")[:1]))
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(speaker__icontains=q) | Q(materials__icontains=q))
    today = timezone.localdate()
    if when == "upcoming":
        return qs.filter(date__gte=today).order_by("date", "pk")
    if when == "past":
        qs = qs.filter(date__lt=today)
    return qs.order_by("-date", "-pk")


def training_detail(actor: Actor, pk: int) -> TrainingSession:
    attendance = TrainingAttendance.objects.select_related("elder").order_by("elder__name", "elder_id")
    return get_object_or_404(
        training_sessions(actor).prefetch_related(Prefetch("files", TrainingMaterial.objects.order_by("pk")),
                                                  Prefetch("attendance", attendance)),
        pk=pk)


def training_material(actor: Actor, pk: int) -> TrainingMaterial:
    return get_object_or_404(TrainingMaterial.objects.select_related("session"), pk=pk,
                             session__in=training_sessions(actor))


def attendance_checklist(actor: Actor, session: TrainingSession) -> list[dict]:
    """Every elder who may be on the list (not those who left, unless already on it), with their mark:
    'present', 'absent' or '' (not on the list)."""
    marks = {a.elder_id: ("present" if a.present else "absent") for a in session.attendance.all()}
    team = Elder.objects.filter(school=actor.school).filter(
        ~Q(status=Elder.Status.LEFT) | Q(pk__in=list(marks))).order_by("name", "pk")
    return [{"elder": e, "mark": marks.get(e.pk, "")} for e in team]


@dataclass
class InductionNeed:
    elder: Elder
    role: str
    role_label: str
    since: dt.date
    needs: list[str] = field(default_factory=list)


def induction_needed(actor: Actor) -> list[InductionNeed]:
    """Elders who hold a role (an active assignment) without having attended an induction for it."""
    actor.require("training.view")
    if not actor.can("elders.manage"):
        raise Http404
    inducted = TrainingAttendance.objects.filter(
        elder=OuterRef("elder"), present=True, session__school=actor.school,
        session__kind=TrainingSession.Kind.INDUCTION, session__role=OuterRef("role"))
    rows = (Assignment.objects.filter(school=actor.school, status=Assignment.Status.ACTIVE)
            .filter(~Exists(inducted)).select_related("elder")
            .order_by("role", "elder__name", "elder_id", "start_on"))
    out: dict[tuple[int, str], InductionNeed] = {}
    for a in rows:
        key = (a.elder_id, a.role)
        if key not in out:
            out[key] = InductionNeed(a.elder, a.role, a.get_role_display(), a.start_on)
        out[key].needs.append(a.need)
        out[key].since = min(out[key].since, a.start_on)
    # by role in the order the roles are listed (not their codes' spelling), then name
    order = {code: i for i, code in enumerate(ElderRole.values)}
    return sorted(out.values(), key=lambda n: (order.get(n.role, len(order)), n.elder.name, n.elder.pk))
