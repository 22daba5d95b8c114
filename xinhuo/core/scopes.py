"""The scope predicates every app builds its rules from (with `rules`): the actor's school, roles and
capabilities, and the student-centred scopes the actor carries (head teacher's classes, a parent's
children, a student's own record). Each app's rules.py combines them with its own; they read only the
actor and the object's fields, so core needs no domain app for them."""

from __future__ import annotations

import rules


def has_role(*roles: str):
    @rules.predicate(name=f"has_role:{','.join(roles)}")
    def check(actor, obj=None) -> bool:
        return actor.has_role(*roles)

    return check


def has_capability(capability: str):
    @rules.predicate(name=f"capability:{capability}")
    def check(actor, obj=None) -> bool:
        return actor.can(capability)

    return check


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj.school_id == actor.school.pk


@rules.predicate
def school_wide(actor, obj) -> bool:
    return actor.school_wide


@rules.predicate
def heads_class_of_student(actor, student) -> bool:
    return student.school_class_id in actor.class_ids


@rules.predicate
def is_parent_of(actor, student) -> bool:
    return student.pk in actor.child_ids


@rules.predicate
def is_self_student(actor, student) -> bool:
    return actor.student_id is not None and student.pk == actor.student_id
