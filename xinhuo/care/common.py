"""What several parts of the care app share: the scope of a student-centred read, the students in the actor's
care and the actor's own growth-mentor records (the forms' date input is core.forms.date_input)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from xinhuo.core.access import Actor
from xinhuo.core.models import Role
from xinhuo.people import selectors as people_selectors

from .models import Mentor

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def student_scope(actor: Actor, school_wide: str = "care.school_wide", prefix: str = "student__") -> Q:
    """A filter on a student-linked queryset: everything for the roles with the `school_wide` capability, the
    classes of a head teacher, nothing otherwise. `prefix` leads from the queryset's model to the Student ("" on
    Student itself).
    "Everything" is the empty Q(): filter or AND with it, never OR (Q() | Q(x) is Q(x), not "everything")."""
    if actor.can(school_wide):
        return Q()
    if actor.has_role(Role.HEAD_TEACHER) and actor.class_ids:
        return Q(**{f"{prefix}school_class_id__in": actor.class_ids})
    return Q(pk__in=[])


def students_in_care(actor: Actor) -> QuerySet[Student]:
    """Enrolled students of the school whose care the actor follows (rules.care_for_student)."""
    return (people_selectors.enrolled_students_of_school(actor.school)
            .filter(student_scope(actor, prefix="")).select_related("school_class__grade"))


def my_mentor_ids(actor: Actor) -> frozenset[int]:
    """The actor's own growth-mentor records (as an elder, a teacher or a peer student), cached on the actor."""
    cached = actor.__dict__.get("_care_mentor_ids")
    if cached is None:
        user = actor.user.pk
        cached = frozenset(Mentor.objects.filter(school=actor.school).filter(
            Q(elder__user_id=user) | Q(staff__user_id=user) | Q(peer__user_id=user)).values_list("pk", flat=True))
        actor.__dict__["_care_mentor_ids"] = cached
    return cached
