"""Reads of the activities app, scoped to the actor (mirrors rules.view_activity; a test checks they agree).

- the director and school leaders see every activity of the school, applications included;
- an organiser sees their own applications in every status;
- staff see every published activity (approved and later): the school's calendar;
- a student sees published activities open to their class, a parent those open to parents or to a child's
  class, an elder those open to elders, that involve them, where they speak or of a kind their roles and specialties
  call for (elder_q) — and everyone what they signed up for."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.models import Department
from xinhuo.elders import selectors as elders_selectors
from xinhuo.elders.models import ElderRole, Specialty
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
        open_to |= elder_q(actor)
    return q | (published & open_to)


# The kinds of activity an elder's roles held and specialties call for, beyond those open to all elders: a
# 党史宣讲员 or a party-history expert sees the red-story contests and study trips, a club advisor the clubs' events.
ROLE_KINDS: dict[str, frozenset[str]] = {
    ElderRole.HISTORY_SPEAKER: frozenset({ActivityKind.STORY_CONTEST, ActivityKind.STUDY_TRIP}),
    ElderRole.MORAL_MENTOR: frozenset({ActivityKind.STORY_CONTEST}),
    ElderRole.OUTSIDE_COUNSELLOR: frozenset({ActivityKind.SCIENCE, ActivityKind.LABOUR}),
    ElderRole.CLUB_ADVISOR: frozenset({ActivityKind.CLUB_EVENT}),
}
SPECIALTY_KINDS: dict[str, frozenset[str]] = {
    Specialty.PARTY_HISTORY: frozenset({ActivityKind.STORY_CONTEST, ActivityKind.STUDY_TRIP}),
    Specialty.SCIENCE: frozenset({ActivityKind.SCIENCE}),
    Specialty.LAW: frozenset({ActivityKind.LECTURE}),
    Specialty.CALLIGRAPHY: frozenset({ActivityKind.CLUB_EVENT, ActivityKind.FESTIVAL}),
    Specialty.ARTS: frozenset({ActivityKind.CLUB_EVENT, ActivityKind.FESTIVAL}),
}


def elder_kinds(actor: Actor) -> frozenset[str]:
    """The kinds of activity the actor's calling as an elder asks them to (empty: not an elder)."""
    calling = elders_selectors.elder_calling(actor)
    if calling is None:
        return frozenset()
    kinds: set[str] = set()
    for role in calling.roles:
        kinds |= ROLE_KINDS.get(role, frozenset())
    for code in calling.specialties:
        kinds |= SPECIALTY_KINDS.get(code, frozenset())
    return frozenset(kinds)


def elder_q(actor: Actor) -> Q:
    """The activities that are an elder's business (scope_q keeps the published ones): open to elders, naming them
    among the elders involved, with them as the speaker, or of a kind their roles held and specialties call for.
    rules.open_to tests one activity with elder_sees, the same conditions."""
    calling, elder_id = elders_selectors.elder_calling(actor), actor.elder_id
    if calling is None or elder_id is None:
        return Q(pk__in=[])
    q = Q(audience_elders=True) | Q(pk__in=Activity.elders.through.objects.filter(
        elder_id=elder_id).values("activity_id"))
    if calling.name:
        q |= Q(speaker=calling.name)
    if kinds := elder_kinds(actor):
        q |= Q(kind__in=sorted(kinds))
    return q


def elder_sees(actor: Actor, activity: Activity) -> bool:
    """Whether elder_q holds for one activity (rules.open_to)."""
    calling, elder_id = elders_selectors.elder_calling(actor), actor.elder_id
    if calling is None or elder_id is None:
        return False
    return (activity.audience_elders or (bool(calling.name) and activity.speaker == calling.name)
            or activity.kind in elder_kinds(actor) or activity.elders.filter(pk=elder_id).exists())


def elder_engagements(actor: Actor, *, limit: int = 5) -> list[Activity]:
    """The elder's next activities to take part in (their home page): published, not over, naming them among the
    elders involved, with them as the speaker, or with their own place (not cancelled). One query (none for others)."""
    calling, elder_id = elders_selectors.elder_calling(actor), actor.elder_id
    if calling is None or elder_id is None:
        return []
    q = Q(pk__in=Activity.elders.through.objects.filter(elder_id=elder_id).values("activity_id")) | Q(
        pk__in=SignUp.objects.filter(elder_id=elder_id).exclude(status=SignUpStatus.CANCELLED).values("activity_id"))
    if calling.name:
        q |= Q(speaker=calling.name)
    return list(Activity.objects.filter(q, school=actor.school, status__in=PUBLISHED, ends_at__gte=timezone.now())
                .order_by("starts_at", "pk")[:limit])


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


def dashboard_activities(actor: Actor, *, limit: int = 5) -> dict | None:
    """The home page's activities. The director and school leaders: this month's activities as a strip of days
    and the school year's activities per month and kind (a chart); a department head the same for their
    department's activities (department_q); everyone else but families and head teachers (their own panels say
    it) the next few in scope, their own places marked. The leaders who approve: how many applications wait for
    them, the longest waiting first. None when there is nothing to show. At most seven queries, whatever the
    number of activities."""
    out: dict = {}
    watched = watched_activities(actor)
    if watched is not None:
        today = timezone.localdate()
        out["strip"] = month_strip(watched, today)
        out["has_activities"] = any(d.activities for d in out["strip"])
        out["month"] = today.replace(day=1)
        out["department"] = not actor.can("activities.see_all")
        spec = activity_chart(watched, actor.school)
        if not spec["empty"]:
            out["chart"] = spec
    elif not (family_student_ids(actor) or actor.class_ids):
        # a family's home page lists each child's next activities with their places (family.home), a head
        # teacher's their classes' (care's class panel): this list is for everyone else (an elder, a counsellor)
        upcoming = list(activity_list(actor, when="upcoming")[:limit])
        if upcoming:
            out["upcoming"] = upcoming
    if actor.can("activities.approve"):
        waiting = awaiting_approval(actor)
        out["awaiting"] = waiting.count()
        if out["awaiting"]:
            out["awaiting_items"] = waiting_since(waiting, limit)
    return out or None


def upcoming_for_classes(actor: Actor, class_ids, *, limit: int = 20) -> list[Activity]:
    """The next published activities in the actor's scope that invite any of these classes (a head teacher's home
    page), soonest first, each with `invited_class_ids`: which of these classes it invites. Two queries."""
    ids = list(class_ids)
    if not ids:
        return []
    invites = Activity.audience_classes.through.objects.filter(schoolclass_id__in=ids)
    rows = list(activities(actor).filter(status__in=PUBLISHED, ends_at__gte=timezone.now(),
                                         pk__in=invites.values("activity_id")).order_by("starts_at", "pk")[:limit])
    invited: dict[int, set[int]] = {}
    for activity_id, class_id in invites.filter(activity_id__in=[a.pk for a in rows]).values_list(
            "activity_id", "schoolclass_id"):
        invited.setdefault(activity_id, set()).add(class_id)
    for a in rows:
        a.invited_class_ids = invited.get(a.pk, set())  # type: ignore[attr-defined]
    return rows


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


# --- the home page: what the committee and a department head watch -----------------------------------------------

STRIP_PER_DAY = 3  # activities named per day on the home page's strip (the calendar has them all)
CHART_KINDS = 5  # the chart's series: the five most frequent kinds, the others together as "Other"


def department_q(actor: Actor) -> Q | None:
    """A department head's activities (GOV-4): organised by them or by a staff member of a department they head,
    or naming one of their departments among the organising departments ("德育处、校关工委"; a part of a name
    such as "团委" of "团委/少先队" is enough). None when the actor heads no department."""
    ids = actor.department_ids
    if not ids:
        return None
    q = Q(organiser=actor.user) | Q(organiser_id__in=people_selectors.staff_in_post(actor.school).filter(
        department_id__in=ids, user__isnull=False).values("user_id"))
    for name in Department.objects.filter(school=actor.school, pk__in=ids).values_list("name", flat=True):
        for part in re.split(r"[/／、,，;；\s]+", name):
            if len(part) >= 2:
                q |= Q(organisers__icontains=part)
    return q


def watched_activities(actor: Actor) -> QuerySet[Activity] | None:
    """The activities an actor follows on the home page: the school's (the director and leaders), their
    department's (a department head); None for everyone else, who see what is coming up."""
    if actor.can("activities.see_all"):
        return activities(actor)
    q = department_q(actor)
    if q is None:
        return None
    return activities(actor).filter(q)


def month_strip(qs: QuerySet[Activity], today: dt.date) -> list:
    """Every day of today's month (calendar.Day) with the activities of `qs` starting on it, rejected and returned
    applications aside; each day gains `more`, the number beyond STRIP_PER_DAY. One query."""
    from . import calendar

    start, end = calendar.month_bounds(today.year, today.month)
    rows = list(qs.filter(starts_at__gte=start, starts_at__lt=end).exclude(status__in=(S.REJECTED, S.RETURNED))
                .only("pk", "title", "starts_at", "status", "kind").order_by("starts_at", "pk"))
    days = [d for week in calendar.month_grid(today.year, today.month, rows) for d in week if d.in_month]
    for d in days:
        d.more = max(0, len(d.activities) - STRIP_PER_DAY)  # type: ignore[attr-defined]
        d.today = d.date == today  # type: ignore[attr-defined]
    return days


def school_year_months(school) -> list[dt.date]:
    """The first day of each month of the school's current school year (core's school year, else September to
    August)."""
    from xinhuo.core.selectors import school_year_bounds

    start, end = school_year_bounds(school)
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def activity_chart(qs: QuerySet[Activity], school, *, id: str = "activities-chart") -> dict:
    """The published activities of `qs` (approved and later) per month of the school year and kind, as a stacked
    column chart (core.charts): the CHART_KINDS most frequent kinds, the others as "Other". Two queries."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from xinhuo.core.charts import chart

    months = school_year_months(school)
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(months[0], dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine((months[-1] + dt.timedelta(days=32)).replace(day=1), dt.time.min, tzinfo=tz)
    counts: dict[tuple[str, dt.date], int] = {}
    for row in (qs.filter(status__in=PUBLISHED, starts_at__gte=lo, starts_at__lt=hi)
                .annotate(month=TruncMonth("starts_at", tzinfo=tz)).values("month", "kind")
                .annotate(n=Count("pk")).order_by()):
        month = timezone.localtime(row["month"], tz).date() if isinstance(row["month"], dt.datetime) else row["month"]
        key = (row["kind"], month.replace(day=1))
        counts[key] = counts.get(key, 0) + row["n"]
    per_kind: dict[str, int] = {}
    for (kind, _month), n in counts.items():
        per_kind[kind] = per_kind.get(kind, 0) + n
    ranked = sorted((k for k in per_kind if k != ActivityKind.OTHER), key=lambda k: (-per_kind[k], k))
    shown, rest = ranked[:CHART_KINDS], set(ranked[CHART_KINDS:]) | ({ActivityKind.OTHER} & set(per_kind))
    series = [(ActivityKind(k).label, [counts.get((k, m), 0) for m in months]) for k in shown]
    if rest:
        series.append((ActivityKind.OTHER.label, [sum(counts.get((k, m), 0) for k in rest) for m in months]))
    total = sum(per_kind.values())
    return chart(id, "stacked", [date_format(m, "M") for m in months], series or [0] * len(months),
                 title=_("Activities per month and kind"), unit=pgettext("chart unit", "activities"),
                 summary=_("%(n)d activities this school year.") % {"n": total})


def waiting_since(qs: QuerySet[Activity], limit: int) -> list[Activity]:
    """The first `limit` applications of `qs`, the longest waiting first, each with `applied_at` (its latest
    application, a resubmission included) and `days_waiting`. One query."""
    applied = ActivityStep.objects.filter(activity=OuterRef("pk"), to_status=S.APPLIED).order_by("-at", "-pk")
    rows: list[Activity] = list(qs.annotate(applied_at=Coalesce(Subquery(applied.values("at")[:1]), "created_at"))
                .order_by("applied_at", "pk")[:limit])
    today = timezone.localdate()
    for a in rows:
        # a step dated ahead of today (a record made outside the services) waits since today
        a.days_waiting = max(0, (today - timezone.localtime(a.applied_at).date()).days)  # type: ignore[attr-defined]
    return rows


def signups_of_school(school) -> QuerySet[SignUp]:
    """Every sign-up to an activity of the school, unscoped: for the evaluation's participation counts, which check
    the actor themselves."""
    return SignUp.objects.filter(activity__school=school)
