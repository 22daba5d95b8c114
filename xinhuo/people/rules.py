"""Object-level predicates for people. Each mirrors a queryset scope in selectors.py;
tests assert that predicate and scope agree for every persona."""

from __future__ import annotations

import rules
from django.urls import reverse

from xinhuo.core.models import Role
from xinhuo.core.scopes import (
    has_capability,
    has_role,
    heads_class_of_student,
    in_school,
    is_parent_of,
    is_self_student,
    school_wide,
)

from .models import Consent, StudentGuardian


@rules.predicate
def guards_student_in_my_classes(actor, guardian) -> bool:
    if not actor.class_ids:
        return False
    return StudentGuardian.objects.filter(guardian=guardian, student__school_class__in=actor.class_ids).exists()


@rules.predicate
def is_self_guardian(actor, guardian) -> bool:
    return actor.guardian_id is not None and guardian.pk == actor.guardian_id


@rules.predicate
def can_view_staff(actor, obj) -> bool:
    return actor.can("staff.view")


people_rules = rules.RuleSet()
people_rules.add_rule(
    "view_student", in_school & (school_wide | heads_class_of_student | is_parent_of | is_self_student)
)
people_rules.add_rule(
    "reveal_student_id_card", in_school & (has_role(Role.ADMIN, Role.DIRECTOR) | is_parent_of | is_self_student)
)
people_rules.add_rule(
    "reveal_student_address",
    in_school
    & (has_role(Role.ADMIN, Role.DIRECTOR, Role.COUNSELLOR) | heads_class_of_student | is_parent_of | is_self_student),
)
people_rules.add_rule("view_guardian", in_school & (school_wide | guards_student_in_my_classes | is_self_guardian))
people_rules.add_rule(
    "reveal_guardian_phone",
    in_school
    & (has_role(Role.ADMIN, Role.DIRECTOR, Role.COUNSELLOR) | guards_student_in_my_classes | is_self_guardian),
)
people_rules.add_rule("view_staff", in_school & can_view_staff)
people_rules.add_rule("reveal_staff_phone", in_school & can_view_staff)

# (model name, field) -> rule deciding who may reveal it
REVEAL_RULES = {
    ("student", "id_card"): "reveal_student_id_card",
    ("student", "address"): "reveal_student_address",
    ("guardian", "phone"): "reveal_guardian_phone",
    ("staff", "phone"): "reveal_staff_phone",
}


def can(actor, rule: str, obj) -> bool:
    return actor is not None and people_rules.test_rule(rule, actor, obj)


def can_reveal(actor, obj, field: str) -> bool:
    rule = REVEAL_RULES.get((obj._meta.model_name, field))
    return rule is not None and can(actor, rule, obj)


# --- consent register -------------------------------------------------------------------------
# Consents are seen like the student they belong to; recording (paper, in person) is for
# administrators and directors school-wide and head teachers in their own classes; giving online is
# for the student's own guardians and, from 14, the student; a withdrawal is for whoever gave the
# consent, or a recorder writing down a withdrawal made on paper.


@rules.predicate
def gave_consent(actor, consent) -> bool:
    if consent.party == Consent.Party.GUARDIAN:
        return actor.guardian_id is not None and consent.guardian_id == actor.guardian_id
    return actor.student_id is not None and consent.student_id == actor.student_id


@rules.predicate
def records_for_consent_student(actor, consent) -> bool:
    return people_rules.test_rule("record_consent", actor, consent.student)


people_rules.add_rule(
    "view_consents",
    has_capability("consent.view") & in_school
    & (school_wide | heads_class_of_student | is_parent_of | is_self_student),
)
people_rules.add_rule(
    "record_consent",
    has_capability("consent.record") & in_school & (has_role(Role.ADMIN, Role.DIRECTOR) | heads_class_of_student),
)
people_rules.add_rule(
    "give_consent", has_capability("consent.give") & in_school & (is_parent_of | is_self_student)
)
people_rules.add_rule(
    "withdraw_consent",
    in_school & ((has_capability("consent.give") & gave_consent) | records_for_consent_student),
)


def reveal_url(obj, field: str) -> str:
    return reverse("people:reveal", args=[obj._meta.model_name, obj.pk, field])


# --- students through the year (issue 19) -----------------------------------------------------
# Adding and editing: administrators and directors school-wide, head teachers in their own classes (a class for
# adding, the student's class for editing); moving to another class, transferring out and undoing a leave: the
# committee only (students.move, students.leave), in the pages and the API alike.


@rules.predicate
def heads_class(actor, school_class) -> bool:
    return school_class.pk in actor.class_ids


people_rules.add_rule(
    "add_student_to_class",
    has_capability("students.manage") & in_school & (has_role(Role.ADMIN, Role.DIRECTOR) | heads_class),
)
people_rules.add_rule(
    "edit_student",
    has_capability("students.manage") & in_school & (has_role(Role.ADMIN, Role.DIRECTOR) | heads_class_of_student),
)
people_rules.add_rule("move_student", has_capability("students.move") & in_school)
people_rules.add_rule("leave_student", has_capability("students.leave") & in_school)


# --- guardians through the year (issue 19) ----------------------------------------------------
# Administrators and directors everywhere; a head teacher adds, links, unlinks and makes primary only for a student
# of their own classes, and edits a guardian's contact only while one of the guardian's children is in their class.

people_rules.add_rule(
    "manage_student_guardians",
    has_capability("guardians.edit") & in_school & (has_role(Role.ADMIN, Role.DIRECTOR) | heads_class_of_student),
)
people_rules.add_rule(
    "edit_guardian",
    has_capability("guardians.edit") & in_school
    & (has_role(Role.ADMIN, Role.DIRECTOR) | guards_student_in_my_classes),
)


# --- staff records (issue 19) -----------------------------------------------------------------
# Created, edited and marked left by the administrator and the director (staff.manage); every staff member sees
# the staff records (staff.view), their own among them.

people_rules.add_rule("manage_staff", has_capability("staff.manage") & in_school)
