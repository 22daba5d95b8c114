"""Reads of the committee part, scoped to the actor.

Committees: the staff who work with families (committee.view) see every committee of the school; a parent the
school's committee and those of their children's grades and classes (and any they sit on). Phones of members: full
for those who manage the committee and for the head teacher of a member's child, masked for everyone else.

Meetings: those who manage the committee see every meeting (drafts too); its sitting members the approved ones.

Mutual-help groups: the committee sees all; a coordinator their group; a head teacher the groups with a family of
their classes, and only those families in the member list; a parent only the groups they belong to, without the
member list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.masking import mask_phone
from xinhuo.core.models import Grade, Role, SchoolClass, SchoolYear
from xinhuo.core.selectors import current_school_year
from xinhuo.people import selectors as people

from .models import (
    CommitteeLevel,
    CommitteeMeeting,
    CommitteeMeetingStatus,
    CommitteeSeat,
    MutualHelpGroup,
    MutualHelpMeeting,
    MutualHelpMember,
    ParentCommittee,
    SeatPosition,
)
from .rules import manages_committee, manages_group

if TYPE_CHECKING:
    from xinhuo.people.models import Guardian, Staff, StudentGuardian

STAFF_VIEWERS = frozenset({Role.DIRECTOR, Role.LEADER, Role.DEPARTMENT_HEAD, Role.COUNSELLOR, Role.HEAD_TEACHER})


def current_year(actor: Actor) -> SchoolYear | None:
    return current_school_year(actor.school)


def _children_places(actor: Actor) -> tuple[set[int], set[int]]:
    """The classes and grades of the actor's children still at school."""
    rows = people.enrolled_students_of_school(actor.school).filter(
        pk__in=actor.child_ids, school_class__isnull=False).values_list("school_class_id", "school_class__grade_id")
    classes, grades = set(), set()
    for class_id, grade_id in rows:
        classes.add(class_id)
        grades.add(grade_id)
    return classes, grades


def committees(actor: Actor) -> QuerySet[ParentCommittee]:
    """The committees the actor may see (any year), school, grades and classes in order."""
    actor.require("family.committee.view")
    qs = ParentCommittee.objects.filter(school=actor.school).select_related(
        "school_year", "grade", "school_class__grade")
    if actor.has_role(*STAFF_VIEWERS):
        return qs
    classes, grades = _children_places(actor)
    sits = CommitteeSeat.objects.filter(committee=OuterRef("pk"), guardian_id=actor.guardian_id or 0)
    return qs.filter(Q(level=CommitteeLevel.SCHOOL) | Q(level=CommitteeLevel.GRADE, grade_id__in=grades)
                     | Q(level=CommitteeLevel.CLASS, school_class_id__in=classes) | Exists(sits))


def committee_list(actor: Actor, *, year: int | None = None, level: str = "") -> QuerySet[ParentCommittee]:
    qs = committees(actor)
    if year is None:
        current = current_year(actor)
        year = current.pk if current else None
    if year is not None:
        qs = qs.filter(school_year_id=year)
    if level in CommitteeLevel.values:
        qs = qs.filter(level=level)
    # "school" > "grade" > "class": the school's committee first, then the grades', then the classes'
    return qs.order_by("-level", "grade__level", "school_class__grade__level", "school_class__number", "pk")


def committee_detail(actor: Actor, pk: int) -> ParentCommittee:
    return get_object_or_404(committees(actor), pk=pk)


def manageable_committees(actor: Actor) -> QuerySet[ParentCommittee]:
    """The committees the actor may change: the committee all, a head teacher their classes'."""
    qs = ParentCommittee.objects.filter(school=actor.school).select_related(
        "school_year", "grade", "school_class__grade")
    if actor.can("family.committee.manage"):
        return qs
    if actor.can("family.committee.manage_class"):
        return qs.filter(level=CommitteeLevel.CLASS, school_class_id__in=actor.class_ids)
    return qs.none()


def creatable_classes(actor: Actor) -> QuerySet[SchoolClass]:
    qs = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
    if not actor.can("family.committee.manage"):
        qs = qs.filter(pk__in=actor.class_ids)
    return qs.order_by("grade__level", "number")


def grades(actor: Actor) -> QuerySet[Grade]:
    return Grade.objects.filter(school=actor.school).order_by("level")


@dataclass
class SeatRow:
    seat: CommitteeSeat
    name: str
    phone: str  # full, masked, or "" (no phone)
    phone_shown: bool


def seats(actor: Actor, committee: ParentCommittee, *, with_ended: bool = False) -> list[SeatRow]:
    """The committee's members (sitting ones first), each phone full or masked as the actor may see it."""
    qs = committee.seats.select_related("guardian").order_by("ended_on", "position", "term_from", "pk")
    if not with_ended:
        qs = qs.filter(ended_on__isnull=True)
    rows = list(qs)
    full = manages_committee(actor, committee)
    of_classes: set[int] = set()
    if not full and actor.class_ids:
        of_classes = set(people.guardian_links_of_classes(actor.class_ids).filter(
            guardian_id__in=[s.guardian_id for s in rows]).values_list("guardian_id", flat=True))
    out = []
    for s in rows:
        shown = full or s.guardian_id in of_classes
        phone = s.guardian.phone or ""
        out.append(SeatRow(s, s.guardian.name, phone if shown else mask_phone(phone), shown))
    return out


def eligible_guardians(committee: ParentCommittee) -> QuerySet[Guardian]:
    """The guardians who may sit on the committee: of a child at school in its class, grade or school."""
    links = people.guardian_links_of_school(committee.school_id).filter(guardian=OuterRef("pk")).filter(
        people.enrolled_filter("student__"))
    if committee.level == CommitteeLevel.CLASS:
        links = links.filter(student__school_class_id=committee.school_class_id)
    elif committee.level == CommitteeLevel.GRADE:
        links = links.filter(student__school_class__grade_id=committee.grade_id or 0,
                             student__school_class__graduated_in__isnull=True)
    return people.guardians_of_school(committee.school_id).filter(Exists(links)).order_by("name", "pk")


def is_member(actor: Actor, committee: ParentCommittee) -> bool:
    return actor.guardian_id is not None and committee.seats.filter(
        guardian_id=actor.guardian_id, ended_on__isnull=True).exists()


# --- meetings ------------------------------------------------------------------------------------------------------


def meetings(actor: Actor) -> QuerySet[CommitteeMeeting]:
    """Meetings the actor may read: all of the committees they manage; approved ones of those they sit on."""
    actor.require("family.committee.view")
    sits = CommitteeSeat.objects.filter(committee=OuterRef("committee"), guardian_id=actor.guardian_id or 0,
                                        ended_on__isnull=True)
    managed = manageable_committees(actor).values("pk")
    return CommitteeMeeting.objects.filter(committee__school=actor.school).filter(
        Q(committee__in=managed) | Q(Exists(sits), status=CommitteeMeetingStatus.APPROVED)).select_related(
        "committee__grade", "committee__school_class__grade", "committee__school_year")


def committee_meetings(actor: Actor, committee: ParentCommittee) -> QuerySet[CommitteeMeeting]:
    return meetings(actor).filter(committee=committee).order_by("-held_on", "-pk")


def meeting_detail(actor: Actor, pk: int) -> CommitteeMeeting:
    return get_object_or_404(meetings(actor).prefetch_related(
        Prefetch("attendees", queryset=CommitteeSeat.objects.select_related("guardian"))), pk=pk)


def manageable_meeting(actor: Actor, pk: int) -> CommitteeMeeting:
    meeting = meeting_detail(actor, pk)
    if not manages_committee(actor, meeting.committee):
        from django.http import Http404

        raise Http404
    return meeting


def next_meeting(actor: Actor, today: dt.date | None = None) -> CommitteeMeeting | None:
    today = today or timezone.localdate()
    sits = CommitteeSeat.objects.filter(committee=OuterRef("committee"), guardian_id=actor.guardian_id or 0,
                                        ended_on__isnull=True)
    return CommitteeMeeting.objects.filter(committee__school=actor.school, held_on__gte=today).filter(
        Exists(sits)).select_related("committee__grade", "committee__school_class__grade").order_by(
        "held_on", "pk").first()


# --- mutual-help groups --------------------------------------------------------------------------------------------


def _families_of_classes(class_ids) -> QuerySet[StudentGuardian]:
    return people.guardian_links_of_classes(class_ids).filter(people.enrolled_filter("student__"))


def groups(actor: Actor) -> QuerySet[MutualHelpGroup]:
    actor.require("family.mutual_help.view")
    qs = MutualHelpGroup.objects.filter(school=actor.school).select_related(
        "coordinator_staff", "coordinator_guardian")
    if actor.can("family.mutual_help.manage"):
        return qs
    scope: Any = Q(coordinator_staff__user=actor.user) | Q(coordinator_guardian__user=actor.user)
    if actor.class_ids:
        families = _families_of_classes(actor.class_ids).filter(guardian=OuterRef("guardian"))
        scope |= Exists(MutualHelpMember.objects.filter(group=OuterRef("pk"), left_on__isnull=True)
                        .filter(Exists(families)))
    if actor.guardian_id is not None:
        scope |= Exists(MutualHelpMember.objects.filter(group=OuterRef("pk"), left_on__isnull=True,
                                                        guardian_id=actor.guardian_id))
    return qs.filter(scope)


def group_detail(actor: Actor, pk: int) -> MutualHelpGroup:
    return get_object_or_404(groups(actor), pk=pk)


def manageable_group(actor: Actor, pk: int) -> MutualHelpGroup:
    group = group_detail(actor, pk)
    if not manages_group(actor, group):
        from django.http import Http404

        raise Http404
    return group


def sees_members(actor: Actor, group: MutualHelpGroup) -> bool:
    """Whether the actor sees (part of) the member list: the committee, the coordinator, a head teacher."""
    return manages_group(actor, group) or bool(actor.class_ids)


def group_members(actor: Actor, group: MutualHelpGroup) -> list[MutualHelpMember]:
    """The group's present members the actor may see: all for the committee and the coordinator, a head teacher's
    class families for a head teacher, nobody for a parent (not even the other members)."""
    qs = group.members.filter(left_on__isnull=True).select_related("guardian").order_by("joined_on", "pk")
    if manages_group(actor, group):
        return list(qs)
    if actor.class_ids:
        return list(qs.filter(Exists(_families_of_classes(actor.class_ids).filter(guardian=OuterRef("guardian")))))
    return []


def group_meetings(group: MutualHelpGroup) -> QuerySet[MutualHelpMeeting]:
    return group.meetings.all().order_by("-held_on", "-pk")


def member_candidates(actor: Actor) -> QuerySet[Guardian]:
    """Guardians of the school with a child at school: those who may join a group."""
    links = people.guardian_links_of_school(actor.school).filter(guardian=OuterRef("pk")).filter(
        people.enrolled_filter("student__"))
    return people.guardians_of_school(actor.school).filter(Exists(links)).order_by("name", "pk")


def coordinator_staff(actor: Actor) -> QuerySet[Staff]:
    return people.staff_in_post(actor.school).order_by("name", "pk")


# --- the dashboard -------------------------------------------------------------------------------------------------


def dashboard_panel(actor: Actor) -> dict | None:
    """A committee member's next meeting; a head teacher's class committees with their members."""
    out: dict = {}
    if actor.has_role(Role.PARENT) and actor.guardian_id is not None:
        my = list(CommitteeSeat.objects.filter(guardian_id=actor.guardian_id, ended_on__isnull=True,
                                               committee__school=actor.school).select_related(
            "committee__grade", "committee__school_class__grade"))
        if my:
            out["seats"] = my
            out["next_meeting"] = next_meeting(actor)
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids:
        year = current_year(actor)
        mine = list(ParentCommittee.objects.filter(
            school=actor.school, level=CommitteeLevel.CLASS, school_class_id__in=actor.class_ids,
            school_year=year).select_related("school_class__grade").prefetch_related(
            Prefetch("seats", queryset=CommitteeSeat.objects.filter(ended_on__isnull=True).select_related(
                "guardian").order_by("position", "pk"), to_attr="sitting")))
        have = {c.school_class_id for c in mine}
        out["class_committees"] = mine
        out["classes_without"] = list(SchoolClass.objects.filter(pk__in=actor.class_ids - have,
                                                                 graduated_in__isnull=True).select_related("grade"))
    return out or None


def picker_classes(actor: Actor, committee: ParentCommittee | None = None) -> QuerySet[SchoolClass]:
    """The classes to pick a parent from: a grade committee's grade, any class of the school otherwise."""
    qs = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
    if committee is not None and committee.level == CommitteeLevel.GRADE:
        qs = qs.filter(grade_id=committee.grade_id or 0)
    return qs.order_by("grade__level", "number")


def guardian_choices(guardians: QuerySet[Guardian], class_id: int | None) -> list[tuple[int, str]]:
    """(id, "name（child's name relation）") of these guardians with a child at school in the class."""
    if class_id is None:
        return []
    links = people.guardian_links_of_classes([class_id]).filter(guardian__in=guardians).filter(
        people.enrolled_filter("student__")).select_related("guardian", "student").order_by(
        "student__name", "guardian__name", "pk")
    seen: dict[int, str] = {}
    for link in links:
        label = f"{link.guardian.name}（{link.student.name} {link.get_relation_display()}）"
        seen.setdefault(link.guardian_id, label)
    return list(seen.items())


def with_counts(committees) -> None:
    """Each committee of a page with its sitting members' count and its chair's name (one query for the page)."""
    rows = {c.pk: c for c in committees}
    for c in rows.values():
        c.sitting, c.chair_name = 0, ""
    for committee_id, position, name in CommitteeSeat.objects.filter(
            committee_id__in=rows, ended_on__isnull=True).values_list("committee_id", "position", "guardian__name"):
        rows[committee_id].sitting += 1
        if position == SeatPosition.CHAIR:
            rows[committee_id].chair_name = name


def my_seats(actor: Actor) -> list[CommitteeSeat]:
    if actor.guardian_id is None:
        return []
    return list(CommitteeSeat.objects.filter(guardian_id=actor.guardian_id, ended_on__isnull=True,
                                             committee__school=actor.school).select_related(
        "committee__grade", "committee__school_class__grade", "committee__school_year"))


def with_member_counts(groups) -> None:
    """Each group of a page with its present members' count (one query for the page)."""
    from django.db.models import Count

    rows = {g.pk: g for g in groups}
    counts = dict(MutualHelpMember.objects.filter(group_id__in=rows, left_on__isnull=True).values(
        "group_id").annotate(n=Count("pk")).values_list("group_id", "n"))
    for pk, group in rows.items():
        group.member_count = counts.get(pk, 0)
