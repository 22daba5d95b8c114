"""Reads of the visits part, already scoped to the actor: home visits (FAM-2), forums (STU-5) and their follow-up
items, the lists behind the part's pages and API; the plan itself is plan.visit_plan (one scoped read)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.people import selectors as people_selectors

from ..common import student_scope
from ..models import FollowUp, FollowUpStatus, Forum, HomeVisit

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def home_visits(actor: Actor) -> QuerySet[HomeVisit]:
    """Home visits the actor may see (rules.view_home_visit)."""
    actor.require("home_visits.view")
    return (HomeVisit.objects.filter(school=actor.school).filter(student_scope(actor))
            .select_related("student__school_class", "recorded_by"))


def forums(actor: Actor) -> QuerySet[Forum]:
    actor.require("forums.view")
    return Forum.objects.filter(school=actor.school)


def follow_ups(actor: Actor) -> QuerySet[FollowUp]:
    """Follow-up items the actor may see: those of visible home visits, forums' for whoever sees forums, and any
    item the actor owns."""
    cond = Q(owner_id=actor.user.pk)
    if actor.can("home_visits.view"):
        cond |= Q(home_visit__isnull=False) & student_scope(actor, prefix="home_visit__student__")
    if actor.can("forums.view"):
        cond |= Q(forum__isnull=False)
    return (FollowUp.objects.filter(school=actor.school).filter(cond)
            .select_related("home_visit__student__school_class", "forum", "owner", "student"))


def has_follow_ups(actor: Actor) -> bool:
    """Whether the follow-up items are worth a menu entry (NavEntry.shown): whoever sees home visits or forums
    follows their items; anyone else of the staff only once an item is theirs. One query at most."""
    if actor.can("home_visits.view") or actor.can("forums.view"):
        return True
    return FollowUp.objects.filter(school=actor.school, owner_id=actor.user.pk).exists()


def closable_follow_ups(actor: Actor) -> QuerySet[FollowUp]:
    """Items the actor may close (rules.close_follow_up)."""
    cond = Q(owner_id=actor.user.pk)
    if actor.can("home_visits.record"):
        cond |= Q(home_visit__isnull=False) & student_scope(actor, prefix="home_visit__student__")
    if actor.can("forums.manage"):
        cond |= Q(forum__isnull=False)
    return FollowUp.objects.filter(school=actor.school).filter(cond)


def home_visit_list(actor: Actor, *, student_id: int | None = None) -> QuerySet[HomeVisit]:
    """Home visits in scope (rules.view_home_visit), newest first, without their notes (a list never decrypts
    or shows them), with the number of open follow-up items."""
    qs = home_visits(actor).select_related("student__school_class__grade").defer("notes").annotate(
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN)))
    if student_id:
        qs = qs.filter(student_id=student_id)
    return qs.order_by("-visited_on", "-pk")


def home_visit_detail(actor: Actor, pk: int) -> HomeVisit:
    """One home visit in scope with its follow-up items; 404 otherwise. The caller logs the notes' view."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(home_visits(actor).prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner", "closed_by")
                 .order_by("status", "due_on", "pk"))), pk=pk)


def follow_up_owners(actor: Actor) -> QuerySet:
    """Who may own a follow-up item: the school's active staff accounts (not the technical admin)."""
    from xinhuo.core.access import STAFF_ROLES
    from xinhuo.core.models import User

    roles = [r for r in STAFF_ROLES if r != Role.ADMIN]
    return (User.objects.filter(is_active=True, memberships__school=actor.school, memberships__role__in=roles)
            .distinct().order_by("full_name", "username"))


def follow_up_list(actor: Actor, *, mine: bool = False, source: str = "", overdue: bool = False,
                   status: str = "", on: dt.date | None = None) -> QuerySet[FollowUp]:
    """Follow-up items in scope (selectors.follow_ups), open first, then by due date (none last): only the actor's
    own, only of one source ("home_visit" or "forum"), only the overdue ones (open, due date passed)."""
    on = on or timezone.localdate()
    qs = follow_ups(actor)
    if mine:
        qs = qs.filter(owner_id=actor.user.pk)
    if source == "home_visit":
        qs = qs.filter(home_visit__isnull=False)
    elif source == "forum":
        qs = qs.filter(forum__isnull=False)
    if status in FollowUpStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=FollowUpStatus.OPEN, due_on__lt=on)
    return qs.annotate(open_first=Case(When(status=FollowUpStatus.OPEN, then=Value(0)), default=Value(1),
                                       output_field=IntegerField()),
                       no_due=Case(When(due_on__isnull=True, then=Value(1)), default=Value(0),
                                   output_field=IntegerField())
                       ).order_by("open_first", "no_due", "due_on", "-created_at", "-pk")


def forum_list(actor: Actor) -> QuerySet[Forum]:
    """The school's forums, newest first, with the number of student participants and of open items."""
    return forums(actor).annotate(
        student_count=Count("participants", distinct=True),
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN), distinct=True),
    ).order_by("-held_on", "-pk")


def forum_detail(actor: Actor, pk: int) -> Forum:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(forums(actor).select_related("recorded_by").prefetch_related(
        Prefetch("participants", queryset=people_selectors.students_of_school(actor.school)
                 .select_related("school_class__grade")
                 .order_by("school_class__grade__level", "school_class__number", "student_no")),
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner", "closed_by")
                 .order_by("status", "due_on", "pk"))), pk=pk)


def forum_students(actor: Actor, keep=()) -> QuerySet[Student]:
    """The students a forum manager may list as participants: the school's enrolled students by class, and
    those in `keep` (a forum's participants who have left since)."""
    actor.require("forums.manage")
    return (people_selectors.students_of_school(actor.school)
            .filter(people_selectors.enrolled_filter() | Q(pk__in=[getattr(s, "pk", s) for s in keep]))
            .select_related("school_class__grade")
            .order_by("school_class__grade__level", "school_class__number", "student_no"))


def home_visits_of_school(school) -> QuerySet[HomeVisit]:
    """Every home visit of the school, unscoped: for the evaluation's aggregate counts."""
    return HomeVisit.objects.filter(school=school)
