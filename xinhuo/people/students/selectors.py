"""Reads for the students' pages and API (issue 19): the classes a student may be added or moved to, the student
as the actor may change them, the class history."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from xinhuo.core import registry
from xinhuo.core.access import Actor
from xinhuo.core.models import Role, SchoolClass

from .. import history, selectors
from ..models import ClassChange, Student
from ..rules import can


def current_classes(actor: Actor) -> QuerySet[SchoolClass]:
    """The school's classes of this year (graduated ones are offered nowhere), in grade order."""
    return (SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
            .order_by("grade__level", "number"))


def classes_to_add_to(actor: Actor) -> QuerySet[SchoolClass]:
    """Where the actor may add a student: every current class for the committee, a head teacher's own classes."""
    actor.require("students.manage")
    qs = current_classes(actor)
    if actor.has_role(Role.ADMIN, Role.DIRECTOR):
        return qs
    return qs.filter(pk__in=actor.class_ids)


def student_for(actor: Actor, pk: int, rule: str) -> Student:
    """The student, if the actor may see them and `rule` lets the actor change them; else 404."""
    student = selectors.students(actor).filter(pk=pk).first()
    if student is None or not can(actor, rule, student):
        raise Http404
    return student


def class_history(student: Student) -> list[ClassChange]:
    """The student's class history, oldest first, with who recorded each step (one query)."""
    return list(history.of_student(student))


def detail_parts(actor: Actor, student: Student) -> dict:
    """What the student detail page shows of this part: the class history and the buttons the actor may use."""
    at_school = student.status in (Student.Status.ENROLLED, Student.Status.SUSPENDED)
    return {
        # other apps' blocks about the student (registry "student" place): the family's view of their child
        "student_panels": registry.object_panels("student", actor, student),
        "class_history": class_history(student),
        "student_actions": {
            "edit": can(actor, "edit_student", student),
            "move": at_school and can(actor, "move_student", student),
            "leave": at_school and can(actor, "leave_student", student),
            "return": student.status == Student.Status.TRANSFERRED and can(actor, "leave_student", student),
            # a head teacher is told whom to ask for what only the committee does
            "ask_committee": at_school and can(actor, "edit_student", student)
            and not can(actor, "leave_student", student),
        },
    }


def my_family(actor: Actor) -> list[Student]:
    """The students whose page is the actor's own: a parent's children (at school or not), the student themself;
    in class order. One query."""
    ids = set(actor.child_ids)
    if actor.student_id:
        ids.add(actor.student_id)
    if not ids:
        return []
    return list(selectors.students(actor).filter(pk__in=ids)
                .order_by("school_class__grade__level", "school_class__number", "name", "pk"))
