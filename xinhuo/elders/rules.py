"""Object-level predicates for the elders app. Each mirrors a queryset scope in selectors.py.

The committee (admin, director, school leader) manages everything; an elder sees and edits
their own profile and their own work; health notes are for the committee leaders only;
everyone else who may see elders at all sees names and public roles.
"""

from __future__ import annotations

import rules

from xinhuo.core.models import Role
from xinhuo.people.rules import has_role, in_school

MANAGERS = (Role.ADMIN, Role.DIRECTOR, Role.LEADER)


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("elders.manage")


@rules.predicate
def is_self_elder(actor, elder) -> bool:
    return actor.elder_id is not None and elder.pk == actor.elder_id


@rules.predicate
def holds_inspector_role(actor, obj=None) -> bool:
    from .models import Assignment, ElderRole

    return actor.elder_id is not None and Assignment.objects.filter(
        elder_id=actor.elder_id, role=ElderRole.INSPECTOR, status=Assignment.Status.ACTIVE
    ).exists()


@rules.predicate
def is_own_inspection(actor, inspection) -> bool:
    return actor.elder_id is not None and inspection.inspector_id == actor.elder_id


@rules.predicate
def mentors(actor, mentorship) -> bool:
    return actor.elder_id is not None and mentorship.mentor_id == actor.elder_id


@rules.predicate
def is_mentee(actor, mentorship) -> bool:
    return (actor.elder_id is not None and mentorship.mentee_elder_id == actor.elder_id) or (
        actor.young_teacher_id is not None and mentorship.mentee_teacher_id == actor.young_teacher_id
    )


@rules.predicate
def is_self_young_teacher(actor, young_teacher) -> bool:
    return actor.young_teacher_id is not None and young_teacher.pk == actor.young_teacher_id


@rules.predicate
def mentors_young_teacher(actor, young_teacher) -> bool:
    from .models import Mentorship

    return actor.elder_id is not None and Mentorship.objects.filter(
        mentor_id=actor.elder_id, mentee_teacher=young_teacher, ended_on__isnull=True
    ).exists()


elder_rules = rules.RuleSet()
# the whole profile (contact masked, no health notes); others get the public card
elder_rules.add_rule("view_elder_profile", in_school & (manages | is_self_elder))
elder_rules.add_rule("view_elder_health", in_school & has_role(Role.DIRECTOR, Role.LEADER))
elder_rules.add_rule("reveal_elder_phone", in_school & manages)
elder_rules.add_rule("edit_elder", in_school & manages)
# an elder keeps their own contact, specialties, willingness and weekly availability up to date
elder_rules.add_rule("edit_own_profile", in_school & is_self_elder)
elder_rules.add_rule("file_inspection", manages | holds_inspector_role)
elder_rules.add_rule("view_inspection", in_school & (manages | is_own_inspection))
elder_rules.add_rule("follow_up_inspection", in_school & manages)
elder_rules.add_rule("view_mentorship", in_school & (manages | mentors | is_mentee))
elder_rules.add_rule("record_mentorship_contact", in_school & (manages | mentors))
elder_rules.add_rule("view_young_teacher", in_school & (manages | is_self_young_teacher | mentors_young_teacher))


def can(actor, rule: str, obj=None) -> bool:
    return elder_rules.test_rule(rule, actor, obj)
