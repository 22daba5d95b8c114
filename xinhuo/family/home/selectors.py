"""The family's first page (issue 20): a parent sees each child, a student themself — the next activities with that
child's own sign-up state, the latest of the growth record the family may read, the activities taken part in this
school year per month (a chart) — and a parent what is theirs: the activities that invite parents, the parent-school
sessions they registered for, the school notices not yet read.

Read through the owning apps' selectors and scoped to the actor: the children are the actor's own (a parent's
children, a student themself), never another family's; staff without children get nothing here (None).
The same view of one child is the block on that child's page (the "student" object place)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from xinhuo.activities import selectors as activity_selectors
from xinhuo.activities.models import ActivityStatus, SignUpStatus
from xinhuo.care.growth import selectors as growth_selectors
from xinhuo.care.models import GrowthKind
from xinhuo.core import charts
from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.core.selectors import school_year_bounds
from xinhuo.people import selectors as people_selectors

from ..notices import selectors as notice_selectors

if TYPE_CHECKING:
    from xinhuo.people.models import Student

SCAN = 40  # the next activities in the family's scope looked at (one query); each child keeps its first few
NEXT_PER_CHILD = 4
HIGHLIGHTS = 3
NOTICES = 3
SIGNUP_STATUSES = (ActivityStatus.APPROVED, ActivityStatus.RUNNING)  # as activities.services: sign-up may be open
# an activity a child took part in: the growth record's entry for it (activities.services adds one per attendee)
TOOK_PART = (GrowthKind.ACTIVITY, GrowthKind.SERVICE)

_AT_SCHOOL = ("enrolled", "suspended")  # people's Student.Status values of a student still at the school

# The states a child's (or a parent's own) place at a coming activity is in, as the panel names them.
SIGNED_UP, WAITING, OPEN, INVITED = "signed_up", "waiting", "open", "invited"


@dataclass
class NextActivity:
    activity: Any
    state: str  # SIGNED_UP, WAITING, OPEN (sign-up open, not signed up), INVITED (the class is invited, no sign-up)


@dataclass
class ChildView:
    """One child as the family sees them on the home page and on the child's page."""

    student: Student
    activities: list[NextActivity] = field(default_factory=list)
    highlights: list = field(default_factory=list)  # growth entries the family may read, latest first
    service_hours: Decimal = Decimal(0)  # this school year's
    took_part: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" -> activities taken part in
    is_self: bool = False  # the actor is this student


def family_students(actor: Actor) -> list[Student]:
    """The actor's own children still at school, or the student themself; [] for anyone else. One query."""
    ids = activity_selectors.family_student_ids(actor)
    if not ids or not actor.can("students.view"):
        return []
    return list(
        people_selectors.students(actor)
        .filter(pk__in=ids, status__in=_AT_SCHOOL)
        .order_by("school_class__grade__level", "school_class__number", "name", "pk")
    )


def _upcoming(actor: Actor, kids: list[Student]) -> tuple[list, dict[int, set[int]], dict[tuple[int, int | None], str]]:
    """The next activities in the family's scope, the classes each invites, and the family's places at them
    ({(activity, student or None for the parent's own place): status}). Three queries."""
    acts = list(activity_selectors.activity_list(actor, when="upcoming")[:SCAN])
    if not acts:
        return [], {}, {}
    ids = [a.pk for a in acts]
    rows = activity_selectors.activities_of_school(actor.school).filter(pk__in=ids).order_by()
    invited: dict[int, set[int]] = {}
    for pk, class_id in rows.filter(audience_classes__isnull=False).values_list("pk", "audience_classes"):
        invited.setdefault(pk, set()).add(class_id)
    places: dict[tuple[int, int | None], str] = {}
    kid_ids = [k.pk for k in kids]
    # one filter(): both conditions are on the same sign-up row, whose columns values_list() then reads
    cond = Q(signups__student_id__in=kid_ids)
    if actor.has_role(Role.PARENT):
        cond |= Q(signups__user_id=actor.user.pk, signups__student__isnull=True)
    for pk, student_id, status in rows.filter(cond).values_list("pk", "signups__student_id", "signups__status"):
        if status != SignUpStatus.CANCELLED and (student_id is None or student_id in kid_ids):
            places[(pk, student_id)] = status
    return acts, invited, places


def _state(activity, place: str | None, invited: bool) -> str | None:
    if place == SignUpStatus.SIGNED_UP:
        return SIGNED_UP
    if place == SignUpStatus.WAITING:
        return WAITING
    if not invited:
        return None
    return OPEN if activity.signup_open and activity.status in SIGNUP_STATUSES else INVITED


def _child_activities(student: Student, acts, invited, places) -> list[NextActivity]:
    out = []
    for a in acts:
        if a.kind in activity_selectors.PARENT_KINDS:  # the parents' own (a meeting, an open day): not the child's
            continue
        state = _state(a, places.get((a.pk, student.pk)), student.school_class_id in invited.get(a.pk, ()))
        if state is not None:
            out.append(NextActivity(a, state))
        if len(out) >= NEXT_PER_CHILD:
            break
    return out


def _parent_activities(actor: Actor, acts, places) -> list[NextActivity]:
    """The coming activities that invite parents, with the parent's own place."""
    if not actor.has_role(Role.PARENT) or actor.guardian_id is None:
        return []
    out = []
    for a in acts:
        if a.audience_parents or (a.pk, None) in places:
            out.append(NextActivity(a, _state(a, places.get((a.pk, None)), a.audience_parents) or INVITED))
        if len(out) >= NEXT_PER_CHILD:
            break
    return out


def _growth(actor: Actor, view: ChildView) -> None:
    """The growth record as the family reads it (care's rules: no internal entry), its latest entries, this
    year's service hours and activities taken part in per month."""
    if not actor.can("growth.view"):
        return
    record = growth_selectors.growth_record(actor, view.student)
    entries = sorted((e for kind in record.entries.values() for e in kind), key=lambda e: (e.on, e.pk), reverse=True)
    view.highlights = entries[:HIGHLIGHTS]
    view.service_hours = record.service_hours
    start, end = record.year
    for e in entries:
        if e.kind in TOOK_PART and start <= e.on <= end:
            key = e.on.strftime("%Y-%m")
            view.took_part[key] = view.took_part.get(key, 0) + 1


def child_views(actor: Actor, kids: list[Student] | None = None) -> list[ChildView]:
    """Each of the actor's children (or the student themself) as the family sees them. Queries: three for the
    activities, and the growth record's few per child (a family has one child or a few)."""
    kids = family_students(actor) if kids is None else kids
    if not kids:
        return []
    return _views(actor, kids, *_upcoming(actor, kids))


def _views(actor: Actor, kids: list[Student], acts, invited, places) -> list[ChildView]:
    views = []
    for kid in kids:
        view = ChildView(kid, _child_activities(kid, acts, invited, places), is_self=kid.pk == actor.student_id)
        _growth(actor, view)
        views.append(view)
    return views


def _months(start: dt.date, today: dt.date) -> list[str]:
    """ "YYYY-MM" from the school year's first month to this one."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (today.year, today.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out or [f"{start.year:04d}-{start.month:02d}"]


def took_part_chart(actor: Actor, views: list[ChildView]) -> dict | None:
    """The activities each child took part in this school year, per month (from the growth record)."""
    if not views or not actor.can("growth.view"):
        return None
    start, end = school_year_bounds(actor.school)
    months = _months(start, min(timezone.localdate(), end))
    series = [(v.student.name, [v.took_part.get(m, 0) for m in months]) for v in views]
    total = sum(sum(values) for _name, values in series)
    if len(views) == 1 and views[0].is_self:
        title = _("Activities I took part in")
    elif len(views) == 1:
        title = _("Activities my child took part in")
    else:
        title = _("Activities my children took part in")
    summary = ngettext("%(n)d activity this school year.", "%(n)d activities this school year.", total) % {"n": total}
    unit = pgettext("chart unit", "activities")
    return charts.chart("family-took-part", "column", months, series, title=title, unit=unit, summary=summary)


def home_panel(actor: Actor) -> dict | None:
    """The home page's family panels (one context for the children's cards and the chart): each child's view, the
    chart, and for a parent the activities that invite parents and the school notices not yet read. None for anyone
    who is neither a parent with a child at school nor a student."""
    kids = family_students(actor)
    if not kids:
        return None
    acts, invited, places = _upcoming(actor, kids)
    views = _views(actor, kids, acts, invited, places)
    out: dict = {
        "children": views,
        "chart": took_part_chart(actor, views),
        "parent_activities": _parent_activities(actor, acts, places),
        "notices": [],
    }
    if actor.can("family.notices.read") and actor.child_ids:
        out["notices"] = list(notice_selectors.my_notices(actor).filter(unread=True)[:NOTICES])  # type: ignore[misc]
    return out


def child_block(actor: Actor, student) -> dict | None:
    """The block on a child's page for the family: the same view of that one child as on the home page. None unless
    the actor is the student themself or a parent of the child (staff have the page's other sections)."""
    if student.pk not in activity_selectors.family_student_ids(actor):
        return None
    if student.status not in _AT_SCHOOL:
        return None
    [view] = child_views(actor, [student])
    return {"child": view, "chart": took_part_chart(actor, [view])}
