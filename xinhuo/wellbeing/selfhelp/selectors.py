"""Reads of the self-help corner (PSY-4), scoped to the actor.

Items: the counsellors see every item of the school, published or not; a student the published items for their
grade or for every grade; a parent the published items for parents (for their children's grades or every grade);
other staff and the elders every published item. First-aid guides come first.
Peer supporters: the counsellors see every one with their training; students the active ones (name and class).
Talk requests: the counsellors see every one (the message is theirs alone); a student their own; nobody else any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.people import selectors as people_selectors

from ..models import PeerSupporter, SelfHelpItem, TalkRequest

if TYPE_CHECKING:
    from xinhuo.people.models import Student

ItemGrades = SelfHelpItem.grades.through


def manages(actor: Actor) -> bool:
    return actor.can("selfhelp.manage")


def _for_grades(grade_ids) -> Q:
    """Items for every grade (none chosen) or for one of `grade_ids`."""
    any_grade = Exists(ItemGrades.objects.filter(selfhelpitem_id=OuterRef("pk")))
    theirs = Exists(ItemGrades.objects.filter(selfhelpitem_id=OuterRef("pk"), grade_id__in=list(grade_ids)))
    return ~any_grade | theirs


def items(actor: Actor) -> QuerySet[SelfHelpItem]:
    qs = SelfHelpItem.objects.filter(school=actor.school)
    if manages(actor):
        return qs
    qs = qs.filter(published=True)
    if actor.has_role(Role.STUDENT) and actor.student_id is not None:
        grade_ids = (people_selectors.students_of_school(actor.school).filter(pk=actor.student_id)
                     .values_list("school_class__grade_id", flat=True))
        return qs.filter(_for_grades(grade_ids))
    if actor.has_role(Role.PARENT) and not (actor.roles - {Role.PARENT}):
        grade_ids = (people_selectors.students_of_school(actor.school).filter(pk__in=actor.child_ids)
                     .values_list("school_class__grade_id", flat=True))
        return qs.filter(_for_grades(grade_ids), for_parents=True)
    if actor.roles <= {Role.STUDENT, Role.PARENT}:  # a student account not linked to a student record
        return qs.none()
    return qs


def item_list(actor: Actor, *, topic: str = "", kind: str = "") -> QuerySet[SelfHelpItem]:
    """First-aid guides first, then by topic and title."""
    qs = items(actor)
    if topic:
        qs = qs.filter(topic=topic)
    if kind:
        qs = qs.filter(kind=kind)
    first = Case(When(kind=SelfHelpItem.Kind.FIRST_AID, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(first=first).order_by("first", "topic", "title", "pk").prefetch_related("grades")


def first_aid(actor: Actor) -> list[SelfHelpItem]:
    """The published first-aid guides the actor may read (always shown at the top of the corner)."""
    return list(items(actor).filter(kind=SelfHelpItem.Kind.FIRST_AID, published=True).order_by("title", "pk")[:10])


def topics(actor: Actor) -> list[str]:
    return sorted(set(items(actor).values_list("topic", flat=True)))


def item_detail(actor: Actor, pk: int) -> SelfHelpItem:
    item = items(actor).filter(pk=pk).prefetch_related("grades").first()
    if item is None:
        raise Http404
    return item


# --- peer supporters -----------------------------------------------------------------------------------------------


def sees_supporters(actor: Actor) -> bool:
    return manages(actor) or (actor.has_role(Role.STUDENT) and actor.student_id is not None)


def supporters(actor: Actor) -> QuerySet[PeerSupporter]:
    qs = PeerSupporter.objects.filter(school=actor.school).select_related("student__school_class__grade")
    if manages(actor):
        return qs
    if sees_supporters(actor):
        return qs.filter(active=True, student__in=people_selectors.enrolled_students_of_school(actor.school))
    return qs.none()


def supporter_detail(actor: Actor, pk: int) -> PeerSupporter:
    if not manages(actor):
        raise Http404
    found = supporters(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def supporter_candidates(actor: Actor) -> QuerySet[Student]:
    """The school's enrolled students, for the counsellor's form."""
    return (people_selectors.enrolled_students_of_school(actor.school)
            .select_related("school_class__grade").order_by("school_class__grade__level", "school_class__number",
                                                              "student_no", "pk"))


# --- talk requests -------------------------------------------------------------------------------------------------


def talk_requests(actor: Actor) -> QuerySet[TalkRequest]:
    qs = TalkRequest.objects.filter(school=actor.school).select_related("student__school_class__grade",
                                                                        "handled_by")
    if manages(actor):
        return qs
    if actor.has_role(Role.STUDENT) and actor.student_id is not None:
        return qs.filter(student_id=actor.student_id)
    return qs.none()


def talk_list(actor: Actor, *, status: str = "") -> QuerySet[TalkRequest]:
    """The counsellor's list: waiting ones first, the oldest waiting first."""
    qs = talk_requests(actor)
    if status:
        qs = qs.filter(status=status)
    waiting = Case(When(status=TalkRequest.Status.WAITING, then=Value(0)), default=Value(1),
                   output_field=IntegerField())
    return qs.annotate(waiting=waiting).order_by("waiting", "created_at", "pk")


def my_talk_requests(actor: Actor) -> QuerySet[TalkRequest]:
    if actor.student_id is None:
        return TalkRequest.objects.none()
    return TalkRequest.objects.filter(school=actor.school, student_id=actor.student_id).order_by("-created_at", "-pk")


def talk_detail(actor: Actor, pk: int) -> TalkRequest:
    """A request with its message: the counsellors' only."""
    if not manages(actor):
        raise Http404
    found = talk_requests(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
