"""Reads of the activities app, scoped to the actor (mirrors rules.view_activity; a test checks they agree).

- the director and school leaders see every activity of the school, applications included;
- an organiser sees their own applications in every status;
- staff see every published activity (approved and later): the school's calendar;
- a student sees published activities open to their class, a parent those open to parents or to a child's
  class, an elder those open to elders or that involve them — and everyone what they signed up for."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.people import selectors as people_selectors

from .models import (
    Activity,
    ActivityFile,
    ActivityKind,
    ActivityPhoto,
    ActivityStatus,
    ActivityStep,
    FieldTask,
    FieldWork,
    SignUp,
    SignUpKind,
    SignUpStatus,
)

if TYPE_CHECKING:
    from xinhuo.people.models import Student

S = ActivityStatus
PUBLISHED = (S.APPROVED, S.RUNNING, S.SUMMARISED, S.ARCHIVED)
PARENT_KINDS = frozenset({ActivityKind.PARENT_DAY, ActivityKind.PARENT_MEETING})  # parents sign themselves up


def family_student_ids(actor: Actor) -> frozenset[int]:
    """The students an actor acts for: themselves (a student) or their children (a parent)."""
    ids = set(actor.child_ids)
    if actor.student_id:
        ids.add(actor.student_id)
    return frozenset(ids)


def family_class_ids(actor: Actor) -> list[int]:
    ids = family_student_ids(actor)
    if not ids:
        return []
    return list(people_selectors.students_of_school(actor.school).filter(pk__in=ids)
                .values_list("school_class_id", flat=True).distinct())


def own_signups_q(actor: Actor) -> Q:
    q = Q(user=actor.user)
    students = family_student_ids(actor)
    if students:
        q |= Q(student_id__in=students)
    if actor.elder_id:
        q |= Q(elder_id=actor.elder_id)
    return q


def scope_q(actor: Actor) -> Q:
    """The Q of the activities an actor may see, beyond the school filter (never "everything" ORed in)."""
    q = Q(organiser=actor.user) | Q(pk__in=SignUp.objects.filter(own_signups_q(actor)).values("activity_id"))
    published = Q(status__in=PUBLISHED)
    if not actor.roles.isdisjoint(STAFF_ROLES):
        return q | published
    open_to = Q(pk__in=[])
    classes = family_class_ids(actor)
    if classes:
        open_to |= Q(pk__in=Activity.audience_classes.through.objects.filter(schoolclass_id__in=classes)
                     .values("activity_id"))
    if actor.guardian_id:
        open_to |= Q(audience_parents=True)
    if actor.elder_id:
        open_to |= Q(audience_elders=True) | Q(pk__in=Activity.elders.through.objects.filter(
            elder_id=actor.elder_id).values("activity_id"))
    return q | (published & open_to)


def activities(actor: Actor) -> QuerySet[Activity]:
    base = Activity.objects.filter(school=actor.school)
    if actor.can("activities.see_all"):
        return base
    return base.filter(scope_q(actor))


def activity_list(actor: Actor, *, q: str = "", kind: str = "", status: str = "", mine: bool = False,
                  when: str = "", start: dt.datetime | None = None,
                  end: dt.datetime | None = None) -> QuerySet[Activity]:
    """The list and the calendar: a constant number of queries whatever the number of rows. `when`: "upcoming"
    (not over yet, soonest first), "past" (latest first) or anything else for all, in date order."""
    qs = activities(actor)
    order = ("starts_at", "pk")
    if when == "upcoming":
        qs = qs.filter(ends_at__gte=timezone.now())
    elif when == "past":
        qs, order = qs.filter(ends_at__lt=timezone.now()), ("-starts_at", "-pk")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(theme__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(organiser=actor.user)
    if start is not None:
        qs = qs.filter(ends_at__gt=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    mine_q = SignUp.objects.filter(own_signups_q(actor), activity=OuterRef("pk")).exclude(
        status=SignUpStatus.CANCELLED)
    # correlated subqueries rather than a join and GROUP BY: only the page's rows are counted
    taken = (SignUp.objects.filter(activity=OuterRef("pk"), status=SignUpStatus.SIGNED_UP).order_by()
             .values("activity").annotate(n=Count("pk")).values("n"))
    return (qs.select_related("organiser")
            .annotate(signed_count=Coalesce(Subquery(taken), 0), signed_by_me=Exists(mine_q))
            .order_by(*order))


def awaiting_approval(actor: Actor) -> QuerySet[Activity]:
    if not actor.can("activities.approve"):
        return Activity.objects.none()
    return (Activity.objects.filter(school=actor.school, status=S.APPLIED).exclude(organiser=actor.user)
            .select_related("organiser").order_by("starts_at"))


def activity_detail(actor: Actor, pk: int) -> Activity:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(activities(actor).select_related("organiser").prefetch_related(
        "elders", Prefetch("audience_classes", to_attr="classes_invited")), pk=pk)


def activity_steps(activity: Activity) -> QuerySet[ActivityStep]:
    return activity.steps.select_related("by").order_by("at", "pk")


def signups(activity: Activity, *, statuses=(SignUpStatus.SIGNED_UP, SignUpStatus.WAITING)) -> QuerySet[SignUp]:
    """The organiser's list (check-in): one query, names kept on the row."""
    return (SignUp.objects.filter(activity=activity, status__in=statuses)
            .select_related("student__school_class__grade").order_by("status", "signed_at", "pk"))


def own_signups(actor: Actor, activity: Activity) -> list[SignUp]:
    return list(SignUp.objects.filter(own_signups_q(actor), activity=activity).exclude(status=SignUpStatus.CANCELLED)
                .order_by("signed_at", "pk"))


def signup_candidates(actor: Actor, activity: Activity) -> list[Student]:
    """The students an actor may sign up for this activity: themselves or their children, in an invited class."""
    ids = family_student_ids(actor)
    if not ids or activity.kind in PARENT_KINDS:  # parents sign themselves up for a parent meeting or open day
        return []
    invited = Activity.audience_classes.through.objects.filter(activity_id=activity.pk).values("schoolclass_id")
    return list(people_selectors.enrolled_students_of_school(actor.school)
                .filter(pk__in=ids, school_class_id__in=invited).order_by("name"))


def photos(activity: Activity) -> QuerySet[ActivityPhoto]:
    return activity.photos.all()


def files(activity: Activity) -> QuerySet[ActivityFile]:
    return activity.files.all()


def field_tasks(activity: Activity) -> QuerySet[FieldTask]:
    return activity.field_tasks.annotate(work_count=Count("works"))


def field_works(activity: Activity) -> QuerySet[FieldWork]:
    return FieldWork.objects.filter(task__activity=activity).select_related("task", "student")


def own_field_works(actor: Actor, activity: Activity) -> list[FieldWork]:
    """What the actor (or their child) handed in for the trip's tasks, with the tasks in the same query."""
    ids = family_student_ids(actor)
    if not ids:
        return []
    return list(FieldWork.objects.filter(task__activity=activity, student_id__in=ids).select_related("task"))


def dashboard_activities(actor: Actor, *, limit: int = 5) -> dict:
    """The home page's activities: the next few in scope (with the actor's own places marked) and, for the
    leaders who approve, how many applications wait for them. Two queries at most."""
    out: dict = {"upcoming": list(activity_list(actor, when="upcoming")[:limit])}
    if actor.can("activities.approve"):
        out["awaiting"] = awaiting_approval(actor).count()
    return out


def calendar_month(actor: Actor, year: int, month: int) -> list:
    """The weeks of a month (calendar.Day), each day with the activities in scope that start on it."""
    from . import calendar

    start, end = calendar.month_bounds(year, month)
    return calendar.month_grid(year, month, list(activity_list(actor, start=start, end=end)))


def activities_of_school(school) -> QuerySet[Activity]:
    """Every activity of a school (a school or its pk), unscoped: for other apps that link to activities (a work
    plan's task) and check the actor themselves."""
    return Activity.objects.filter(school=school)


def participant_seats(activity: Activity) -> dict[int, str]:
    """The accounts holding a place (not waiting, not cancelled) at an activity, with the kind of their place
    (student, parent, elder, teacher): the audience of its effect survey. A student without an account has no
    seat (one query)."""
    seats: dict[int, str] = {}
    for kind, user_id, student_user_id in (SignUp.objects.filter(activity=activity, status=SignUpStatus.SIGNED_UP)
                                           .values_list("kind", "user_id", "student__user_id")):
        uid = student_user_id if kind == SignUpKind.STUDENT else user_id
        if uid is not None:
            seats.setdefault(uid, kind)
    return seats
