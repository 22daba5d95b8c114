"""Reads of the guardian pages, scoped to the actor with the rules of rules.py (manage_student_guardians,
edit_guardian): a student or guardian the actor may not change does not exist for them (404)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from xinhuo.core.access import Actor
from xinhuo.core.models import Role

from .. import selectors as people_selectors
from ..models import Guardian, Student, StudentGuardian
from ..rules import can

CANDIDATES_SHOWN = 20


def manageable_students(actor: Actor) -> QuerySet[Student]:
    """Students whose guardians the actor may change: the whole school for the administrator and director, a head
    teacher's own classes (the same condition as the rule manage_student_guardians)."""
    actor.require("guardians.edit")
    qs = Student.objects.filter(school=actor.school).select_related("school_class__grade")
    if actor.has_role(Role.ADMIN, Role.DIRECTOR):
        return qs
    return qs.filter(school_class__in=actor.class_ids)


def student_with_guardians(actor: Actor, pk: int) -> Student:
    """The student and their guardians (primary contact first), for the page that changes them."""
    links = StudentGuardian.objects.select_related("guardian").order_by("-is_primary", "pk")
    student = get_object_or_404(
        manageable_students(actor).prefetch_related(Prefetch("guardian_links", queryset=links)), pk=pk)
    if not can(actor, "manage_student_guardians", student):
        raise Http404
    return student


def editable_guardian(actor: Actor, pk: int) -> Guardian:
    """A guardian whose contact the actor may edit (a head teacher: one with a child in their classes)."""
    actor.require("guardians.edit")
    guardian = get_object_or_404(people_selectors.guardians(actor), pk=pk)
    if not can(actor, "edit_guardian", guardian):
        raise Http404
    return guardian


def guardian_children(actor: Actor, guardian: Guardian) -> list[StudentGuardian]:
    """The guardian's links to the children the actor may change, with the class (one query)."""
    return list(StudentGuardian.objects.filter(guardian=guardian, student__in=manageable_students(actor))
                .select_related("student__school_class__grade").order_by("student__name", "pk"))


def link_candidates(actor: Actor, guardian: Guardian, q: str = "") -> list[Student]:
    """Enrolled students the actor may change who are not yet this guardian's children: the first matches of the
    search (name, pinyin, initials, student number), at most CANDIDATES_SHOWN (a school has thousands)."""
    qs = (manageable_students(actor).filter(status=Student.Status.ENROLLED)
          .exclude(pk__in=StudentGuardian.objects.filter(guardian=guardian).values("student")))
    qs = people_selectors.student_pick(qs, q).order_by("school_class__grade__level", "school_class__number",
                                                       "student_no")
    return list(qs[:CANDIDATES_SHOWN])
