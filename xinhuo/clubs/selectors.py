"""Reads of the clubs app, already scoped to the actor (rules.py holds the matching predicates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from xinhuo.core.access import STAFF_ROLES, Actor, roles_with
from xinhuo.core.models import Membership, User
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from .models import (
    Club,
    ClubAttendance,
    ClubMeeting,
    ClubMembership,
    ClubPhoto,
    ClubStatus,
    ClubStep,
    MeetingKind,
    MembershipStatus,
)
from .rules import can, family_ids

if TYPE_CHECKING:
    from xinhuo.elders.models import Elder
    from xinhuo.people.models import Student

MS = MembershipStatus


def _count_of(model, link: str, **filters) -> Coalesce:
    """How many `model` rows point at the outer row through `link`, as one correlated subquery (two counts as
    joins would multiply each other)."""
    inner = (model.objects.filter(**{link: OuterRef("pk")}, **filters).order_by().values(link)
             .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def clubs(actor: Actor) -> QuerySet[Club]:
    """The clubs the actor may see (rules.view_club): staff every club of the school; others the active clubs,
    those they advise or asked for, and those they or their children are (or were) in."""
    actor.require("clubs.view")
    qs = Club.objects.filter(school=actor.school)
    if actor.has_role(*STAFF_ROLES):
        return qs
    seen = Q(status=ClubStatus.ACTIVE) | Q(requested_by=actor.user)
    if actor.elder_id:
        seen |= Q(advisor_elder_id=actor.elder_id)
    ids = family_ids(actor)
    if ids:
        seen |= Q(pk__in=ClubMembership.objects.filter(
            student_id__in=ids, status__in=(MS.ACTIVE, MS.LEFT, MS.REQUESTED)).values("club_id"))
    return qs.filter(seen)


def club_list(actor: Actor, *, status: str = "", q: str = "", mine: bool = False) -> QuerySet[Club]:
    """The list: active clubs first, each with `member_count` and `meeting_count`; for a student or a parent,
    `family_memberships` holds their own open memberships (never others'). `mine`: the clubs the actor advises."""
    qs = (clubs(actor).select_related("advisor_elder", "advisor_user")
          .annotate(member_count=_count_of(ClubMembership, "club", status=MS.ACTIVE),
                    meeting_count=_count_of(ClubMeeting, "club")))
    if status in ClubStatus.values:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(name__contains=q.strip())
    if mine:
        qs = qs.filter(advised_by(actor))
    ids = family_ids(actor)
    if ids:
        qs = qs.prefetch_related(Prefetch(
            "memberships", queryset=ClubMembership.objects.filter(
                student_id__in=ids, status__in=(MS.ACTIVE, MS.REQUESTED)).select_related("student"),
            to_attr="family_memberships"))
    order = {ClubStatus.REQUESTED: 0, ClubStatus.RETURNED: 1, ClubStatus.ACTIVE: 2}
    rank = Case(*[When(status=s, then=Value(n)) for s, n in order.items()], default=Value(3),
                output_field=IntegerField())
    return qs.annotate(rank=rank).order_by("rank", "name", "pk")


def advised_by(actor: Actor) -> Q:
    """The clubs the actor advises, as a filter (rules.advises)."""
    cond = Q(advisor_user=actor.user)
    if actor.elder_id:
        cond |= Q(advisor_elder_id=actor.elder_id)
    return cond


def waiting_count(actor: Actor) -> int:
    """Founding requests waiting for a decision, for the reviewers."""
    if not actor.can("clubs.review"):
        return 0
    return Club.objects.filter(school=actor.school, status=ClubStatus.REQUESTED).count()


def club_detail(actor: Actor, pk: int) -> Club:
    return get_object_or_404(clubs(actor).select_related("advisor_elder", "advisor_user", "requested_by"), pk=pk)


def managed_club(actor: Actor, pk: int) -> Club:
    """A club the actor manages (rules.manage_club); 404 otherwise."""
    club = club_detail(actor, pk)
    if not can(actor, "manage_club", club):
        raise Http404
    return club


def club_steps(club: Club) -> QuerySet[ClubStep]:
    return ClubStep.objects.filter(club=club).select_related("by")


def members(actor: Actor, club: Club, *, full: bool | None = None) -> QuerySet[ClubMembership]:
    """A club's active members: all of them when the actor may see the list (rules.view_members), otherwise only
    their own or their children's membership, and a head teacher's own students."""
    if full is None:
        full = can(actor, "view_members", club)
    qs = (ClubMembership.objects.filter(club=club, status=MS.ACTIVE).select_related("student__school_class__grade")
          .order_by("role", "student__school_class__grade__level", "student__school_class__number",
                    "student__name", "pk"))
    if full:
        return qs
    return qs.filter(Q(student_id__in=family_ids(actor)) | Q(student__school_class_id__in=actor.class_ids))


def join_requests(club: Club) -> QuerySet[ClubMembership]:
    """Students who asked to join, oldest first (for those who manage the club)."""
    return (ClubMembership.objects.filter(club=club, status=MS.REQUESTED)
            .select_related("student__school_class__grade").order_by("requested_at", "pk"))


def family_memberships(actor: Actor, club: Club) -> list[dict]:
    """Each student the actor acts for, with their open membership of the club (or None)."""
    ids = family_ids(actor)
    if not ids:
        return []
    open_ = {m.student_id: m for m in ClubMembership.objects.filter(
        club=club, student_id__in=ids, status__in=(MS.ACTIVE, MS.REQUESTED))}
    students = people_selectors.students_of_school(actor.school).filter(pk__in=ids).order_by("name", "pk")
    return [{"student": s, "membership": open_.get(s.pk)} for s in students]


def family_students(actor: Actor) -> QuerySet[Student]:
    """The students the actor may ask to join a club for: a student themself, a parent their children."""
    return (people_selectors.enrolled_students_of_school(actor.school).filter(pk__in=family_ids(actor))
            .order_by("name", "pk"))


def member_candidates(club: Club, *, q: str = "") -> QuerySet[Student]:
    """Enrolled students of the club's school without an open membership of it; `q` matches a name, its pinyin
    (initials) or a student number."""
    taken = ClubMembership.objects.filter(club=club, status__in=(MS.ACTIVE, MS.REQUESTED)).values("student_id")
    qs = (people_selectors.enrolled_students_of_school(club.school_id)
          .exclude(pk__in=taken).select_related("school_class__grade")
          .order_by("school_class__grade__level", "school_class__number", "name", "pk"))
    return people_selectors.student_pick(qs, q)


def membership_of(club: Club, pk: int, *statuses: str) -> ClubMembership:
    qs = ClubMembership.objects.select_related("student").filter(club=club, pk=pk)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return get_object_or_404(qs)


def meetings(club: Club) -> QuerySet[ClubMeeting]:
    """A club's meetings, events and showcases with `present_count` and `photo_count`, in date order."""
    return (ClubMeeting.objects.filter(club=club)
            .annotate(present_count=_count_of(ClubAttendance, "meeting", present=True),
                      photo_count=_count_of(ClubPhoto, "meeting"))
            .order_by("starts_at", "pk"))


def meeting_detail(actor: Actor, pk: int) -> ClubMeeting:
    """A meeting of a club the actor may see; 404 otherwise."""
    return get_object_or_404(ClubMeeting.objects.select_related("club__advisor_elder", "club__advisor_user"),
                             pk=pk, club__in=clubs(actor))


def managed_meeting(actor: Actor, pk: int) -> ClubMeeting:
    meeting = meeting_detail(actor, pk)
    if not can(actor, "manage_club", meeting.club):
        raise Http404
    return meeting


def attendance_checklist(meeting: ClubMeeting) -> list[dict]:
    """The club's active members and anyone already marked, each with their stored mark (True, False or None)."""
    marks = dict(ClubAttendance.objects.filter(meeting=meeting).values_list("student_id", "present"))
    students = (people_selectors.students_of_school(meeting.club.school_id)
                .filter(Q(club_memberships__club_id=meeting.club_id, club_memberships__status=MS.ACTIVE)
                        | Q(pk__in=list(marks)))
                .distinct().select_related("school_class__grade")
                .order_by("school_class__grade__level", "school_class__number", "name", "pk"))
    return [{"student": s, "present": marks.get(s.pk)} for s in students]


def present_students(meeting: ClubMeeting) -> QuerySet[Student]:
    return (people_selectors.students_of_school(meeting.club.school_id)
            .filter(pk__in=ClubAttendance.objects.filter(meeting=meeting, present=True).values("student_id"))
            .order_by("pk"))


def photos(meeting: ClubMeeting) -> QuerySet[ClubPhoto]:
    return ClubPhoto.objects.filter(meeting=meeting)


def photo_detail(actor: Actor, pk: int) -> ClubPhoto:
    """A photo, only through a club whose photos the actor may see (photos are never on a public URL)."""
    photo = get_object_or_404(ClubPhoto.objects.select_related("meeting__club"), pk=pk,
                              meeting__club__in=clubs(actor))
    if not can(actor, "view_photos", photo.meeting.club):
        raise Http404
    return photo


def showcases(club: Club) -> QuerySet[ClubMeeting]:
    return meetings(club).filter(kind=MeetingKind.SHOWCASE).prefetch_related("photos")


def advisor_elders(actor: Actor) -> QuerySet[Elder]:
    """Active elders of the school, who may be named as a club's advisor."""
    return elders_selectors.active_elders_of_school(actor.school).order_by("name", "pk")


def advisor_users(actor: Actor) -> QuerySet[User]:
    """Teachers of the school (a staff role other than administrator and finance), who may advise a club."""
    ids = Membership.objects.filter(school=actor.school, role__in=roles_with("clubs.advise")).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk")
