"""Reads of the committee's team, scoped to the actor: apprenticeship pairs, the young teacher reserve,
research projects, awards and the honour wall."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.people import selectors as people_selectors

from ..models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Award,
    Elder,
    Participation,
    ResearchProject,
    StageStep,
    YoungTeacher,
)


def overdue_apprenticeships(school, today: dt.date) -> list[ApprenticeshipPair]:
    """Active pairs whose last contact (or start, before any) is older than their contact plan allows.
    Not scoped to an actor: the reminder job and the scoped pages both build on it."""
    pairs = (ApprenticeshipPair.objects.filter(school=school, ended_on__isnull=True)
             .select_related("mentor", "mentee_elder", "mentee_teacher__staff")
             .annotate(last_contact=Max("contacts__date")).order_by("pk"))
    out: list[ApprenticeshipPair] = []
    for m in pairs:
        since = m.last_contact or m.started_on
        if since + dt.timedelta(days=m.contact_every_days) < today:
            m.overdue_days = (today - since).days - m.contact_every_days  # type: ignore[attr-defined]
            out.append(m)  # type: ignore[arg-type]
    return out


def apprenticeships(actor: Actor) -> QuerySet[ApprenticeshipPair]:
    """Apprenticeship pairs: the committee sees all; an elder their pairs as mentor or as mentee; a young
    teacher theirs."""
    actor.require("young_teachers.view")
    qs = ApprenticeshipPair.objects.filter(school=actor.school).select_related(
        "mentor", "mentee_elder", "mentee_teacher__staff")
    if actor.can("elders.manage"):
        return qs
    cond = Q(pk__in=[])
    if actor.elder_id:
        cond |= Q(mentor_id=actor.elder_id) | Q(mentee_elder_id=actor.elder_id)
    if actor.young_teacher_id:
        cond |= Q(mentee_teacher_id=actor.young_teacher_id)
    return qs.filter(cond)


def apprenticeship_list(actor: Actor, *, kind: str = "", state: str = "", q: str = "") -> QuerySet[ApprenticeshipPair]:
    qs = apprenticeships(actor).annotate(contact_count=Count("contacts"))
    if kind:
        qs = qs.filter(kind=kind)
    if state == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif state == "ended":
        qs = qs.filter(ended_on__isnull=False)
    q = (q or "").strip()
    if q:
        cond = (Q(mentor__name__icontains=q) | Q(mentee_elder__name__icontains=q)
                | Q(mentee_teacher__staff__name__icontains=q))
        if q.isascii():
            low = q.lower().replace(" ", "")
            cond |= (Q(mentor__name_initials__startswith=low) | Q(mentee_elder__name_initials__startswith=low)
                     | Q(mentee_teacher__staff__name_initials__startswith=low))
        qs = qs.filter(cond)
    return qs.order_by("ended_on", "-started_on", "-pk")  # active pairs (no end date) first


def apprenticeship_detail(actor: Actor, pk: int) -> ApprenticeshipPair:
    contacts = ApprenticeshipContact.objects.select_related("by").order_by("-date", "-pk")
    return get_object_or_404(apprenticeships(actor).prefetch_related(Prefetch("contacts", queryset=contacts)), pk=pk)


def overdue_apprenticeship_ids(actor: Actor) -> dict[int, int]:
    """{pair pk: days overdue} for the school's active pairs (one query; the pages intersect it with their rows)."""
    return {m.pk: m.overdue_days for m in overdue_apprenticeships(actor.school, timezone.localdate())}  # type: ignore[attr-defined]


def team_elders(actor: Actor) -> QuerySet[Elder]:
    """The school's elders for the team's forms (names, category and status only)."""
    actor.require("elders.manage")
    return Elder.objects.filter(school=actor.school).only("pk", "name", "status", "category").order_by("name", "pk")


def young_teachers(actor: Actor) -> QuerySet[YoungTeacher]:
    """The reserve: the committee sees all; a young teacher their own record; an elder the young teachers
    they mentor now (an active pair), as rules.mentors_young_teacher."""
    actor.require("young_teachers.view")
    qs = YoungTeacher.objects.filter(school=actor.school).select_related("staff__department")
    if actor.can("elders.manage"):
        return qs
    cond = Q(pk__in=[])
    if actor.young_teacher_id:
        cond |= Q(pk=actor.young_teacher_id)
    if actor.elder_id:
        cond |= Q(pk__in=ApprenticeshipPair.objects.filter(
            mentor_id=actor.elder_id, ended_on__isnull=True, mentee_teacher__isnull=False).values("mentee_teacher"))
    return qs.filter(cond)


def _active_mentors() -> Prefetch:
    return Prefetch("apprenticeships", to_attr="active_pairs", queryset=ApprenticeshipPair.objects.filter(
        ended_on__isnull=True).select_related("mentor").order_by("started_on", "pk"))


def young_teacher_list(actor: Actor, *, q: str = "", stage: str = "", active: str = "") -> QuerySet[YoungTeacher]:
    hours = (Participation.objects.filter(young_teacher=OuterRef("pk")).values("young_teacher")
             .annotate(total=Sum("hours")).values("total"))
    qs = young_teachers(actor).annotate(participation_hours=Subquery(hours)).prefetch_related(_active_mentors())
    q = (q or "").strip()
    if q:
        cond = Q(staff__name__icontains=q) | Q(staff__subject__icontains=q)
        if q.isascii():
            low = q.lower().replace(" ", "")
            cond |= Q(staff__name_initials__startswith=low) | Q(staff__name_pinyin__startswith=low)
        qs = qs.filter(cond)
    if stage:
        qs = qs.filter(stage=stage)
    if active == "1":
        qs = qs.filter(active=True)
    elif active == "0":
        qs = qs.filter(active=False)
    return qs


def young_teacher_detail(actor: Actor, pk: int) -> YoungTeacher:
    steps = StageStep.objects.select_related("by").order_by("reached_on", "pk")
    return get_object_or_404(young_teachers(actor).prefetch_related(Prefetch("stage_steps", queryset=steps)),
                             pk=pk)


def young_teacher_pairs(young_teacher: YoungTeacher) -> QuerySet[ApprenticeshipPair]:
    """The young teacher's mentors, current first (for a record the caller may already see)."""
    return young_teacher.apprenticeships.select_related("mentor").order_by("ended_on", "-started_on", "-pk")


def young_teacher_participations(young_teacher: YoungTeacher) -> QuerySet[Participation]:
    return young_teacher.participations.select_related("recorded_by").order_by("-date", "-pk")


def young_teacher_projects(young_teacher: YoungTeacher) -> QuerySet[ResearchProject]:
    return (ResearchProject.objects.filter(school_id=young_teacher.school_id)
            .filter(Q(leader=young_teacher) | Q(members=young_teacher)).distinct()
            .select_related("leader__staff"))


def staff_for_reserve(actor: Actor) -> QuerySet:
    """Staff in post who could join the reserve; `in_reserve` marks those already in it (the service refuses them)."""
    actor.require("elders.manage")
    return (people_selectors.staff_in_post(actor.school)
            .annotate(in_reserve=Exists(YoungTeacher.objects.filter(staff=OuterRef("pk"))))
            .only("pk", "name", "staff_no", "subject").order_by("name", "pk"))


def reserve_choices(actor: Actor) -> QuerySet[YoungTeacher]:
    """Young teachers for the team's forms (mentee, project leader and members)."""
    actor.require("elders.manage")
    return (YoungTeacher.objects.filter(school=actor.school).select_related("staff")
            .order_by("-active", "staff__name", "pk"))


def participations_for_export(actor: Actor, *, young_teacher: YoungTeacher | None, start: dt.date, end: dt.date
                              ) -> QuerySet[Participation]:
    """Participation rows for the appraisal export: one young teacher (whoever may export theirs, see
    rules.export_participation), or the whole reserve for the committee."""
    qs = (Participation.objects.filter(young_teacher__school=actor.school, date__gte=start, date__lte=end)
          .select_related("young_teacher__staff").order_by("young_teacher__staff__name", "young_teacher_id", "date",
                                                           "pk"))
    if young_teacher is not None:
        return qs.filter(young_teacher=young_teacher)
    actor.require("elders.manage")
    return qs


def research_projects(actor: Actor) -> QuerySet[ResearchProject]:
    """Research projects: the committee all; a young teacher those they lead or belong to; an elder those
    they advise."""
    actor.require("young_teachers.view")
    qs = (ResearchProject.objects.filter(school=actor.school).select_related("leader__staff")
          .prefetch_related(Prefetch("members", queryset=YoungTeacher.objects.select_related("staff")),
                            Prefetch("advisors", queryset=Elder.objects.only("pk", "name"))))
    if actor.can("elders.manage"):
        return qs
    cond = Q(pk__in=[])
    if actor.young_teacher_id:
        cond |= Q(leader_id=actor.young_teacher_id) | Q(
            pk__in=ResearchProject.members.through.objects.filter(
                youngteacher_id=actor.young_teacher_id).values("researchproject_id"))
    if actor.elder_id:
        cond |= Q(pk__in=ResearchProject.advisors.through.objects.filter(
            elder_id=actor.elder_id).values("researchproject_id"))
    return qs.filter(cond)


def research_project_list(actor: Actor, *, status: str = "", q: str = "") -> QuerySet[ResearchProject]:
    qs = research_projects(actor)
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(leader__staff__name__icontains=q))
    return qs


def research_project_detail(actor: Actor, pk: int) -> ResearchProject:
    return get_object_or_404(research_projects(actor), pk=pk)


def awards(actor: Actor) -> QuerySet[Award]:
    """Awards with their certificates: the committee all; an elder their own; nobody else (404)."""
    qs = Award.objects.filter(school=actor.school).select_related("elder")
    if actor.can("elders.manage"):
        return qs
    if actor.has_role("elder"):
        return qs.filter(elder_id=actor.elder_id) if actor.elder_id else qs.none()
    raise Http404


def award_list(actor: Actor, *, q: str = "", year: int | None = None, level: str = "") -> QuerySet[Award]:
    qs = awards(actor)
    q = (q or "").strip()
    if q:
        cond = Q(elder__name__icontains=q) | Q(title__icontains=q) | Q(certificate_no__icontains=q)
        if q.isascii():
            cond |= Q(elder__name_initials__startswith=q.lower().replace(" ", ""))
        qs = qs.filter(cond)
    if year:
        qs = qs.filter(awarded_on__year=year)
    if level:
        qs = qs.filter(level=level)
    return qs


def award_detail(actor: Actor, pk: int) -> Award:
    return get_object_or_404(awards(actor), pk=pk)


def honour_wall(actor: Actor) -> QuerySet[Award]:
    """The awards marked for the honour wall, for every role: only the public fields are loaded (no contact,
    no health notes, nothing else of the elder)."""
    actor.require("honours.view")
    return (Award.objects.filter(school=actor.school, on_wall=True).select_related("elder")
            .only("pk", "title", "level", "awarded_on", "citation", "elder__name", "elder__category")
            .order_by("-awarded_on", "-pk"))
