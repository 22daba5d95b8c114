"""Object-level predicates for the elders app. Each mirrors a queryset scope in a part's selectors.py.

The committee (admin, director, school leader) manages everything; an elder sees and edits
their own profile and their own work; health notes are for the committee leaders only;
everyone else who may see elders at all sees names and public roles.
"""

from __future__ import annotations

import rules

from xinhuo.core.scopes import has_capability, in_school


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
def mentors(actor, apprenticeship) -> bool:
    return actor.elder_id is not None and apprenticeship.mentor_id == actor.elder_id


@rules.predicate
def is_mentee(actor, apprenticeship) -> bool:
    return (actor.elder_id is not None and apprenticeship.mentee_elder_id == actor.elder_id) or (
        actor.young_teacher_id is not None and apprenticeship.mentee_teacher_id == actor.young_teacher_id
    )


@rules.predicate
def is_self_young_teacher(actor, young_teacher) -> bool:
    return actor.young_teacher_id is not None and young_teacher.pk == actor.young_teacher_id


@rules.predicate
def mentors_young_teacher(actor, young_teacher) -> bool:
    from .models import ApprenticeshipPair

    return actor.elder_id is not None and ApprenticeshipPair.objects.filter(
        mentor_id=actor.elder_id, mentee_teacher=young_teacher, ended_on__isnull=True
    ).exists()


elder_rules = rules.RuleSet()
# the whole profile (contact masked, no health notes); others get the public card
elder_rules.add_rule("view_elder_profile", in_school & (manages | is_self_elder))
elder_rules.add_rule("view_elder_health", in_school & has_capability("elders.health"))
elder_rules.add_rule("reveal_elder_phone", in_school & manages)
elder_rules.add_rule("edit_elder", in_school & manages)
# an elder keeps their own contact, specialties, willingness and weekly availability up to date
elder_rules.add_rule("edit_own_profile", in_school & is_self_elder)
elder_rules.add_rule("file_inspection", manages | holds_inspector_role)
elder_rules.add_rule("view_inspection", in_school & (manages | is_own_inspection))
elder_rules.add_rule("follow_up_inspection", in_school & manages)
elder_rules.add_rule("view_apprenticeship", in_school & (manages | mentors | is_mentee))
elder_rules.add_rule("record_apprenticeship_contact", in_school & (manages | mentors))
elder_rules.add_rule("view_young_teacher", in_school & (manages | is_self_young_teacher | mentors_young_teacher))


def can(actor, rule: str, obj=None) -> bool:
    return elder_rules.test_rule(rule, actor, obj)


# --- work: assignments, service hours --------------------------------------------------------------


@rules.predicate
def is_own_assignment(actor, assignment) -> bool:
    return actor.elder_id is not None and assignment.elder_id == actor.elder_id


elder_rules.add_rule("view_assignment", in_school & (manages | is_own_assignment))
elder_rules.add_rule("assign_elder", in_school & manages)  # obj: the elder
# an elder may step down from their own assignment, saying why; the committee is told
elder_rules.add_rule("end_assignment", in_school & (manages | is_own_assignment))
elder_rules.add_rule("view_service_hours", in_school & (manages | is_self_elder))  # obj: the elder
elder_rules.add_rule("record_service_hours", in_school & manages)  # obj: the elder


# --- team: apprenticeship pairs, young teachers, research projects, awards -----------------------------------


@rules.predicate
def is_award_elder(actor, award) -> bool:
    return actor.elder_id is not None and award.elder_id == actor.elder_id


@rules.predicate
def leads_project(actor, project) -> bool:
    return actor.young_teacher_id is not None and project.leader_id == actor.young_teacher_id


@rules.predicate
def takes_part_in_project(actor, project) -> bool:
    """A member of the project, or an elder advising it (the leader is leads_project)."""
    if actor.young_teacher_id is not None and project.members.filter(pk=actor.young_teacher_id).exists():
        return True
    return actor.elder_id is not None and project.advisors.filter(pk=actor.elder_id).exists()


elder_rules.add_rule("create_apprenticeship", manages)
elder_rules.add_rule("end_apprenticeship", in_school & manages)
elder_rules.add_rule("add_young_teacher", manages)
elder_rules.add_rule("set_young_teacher_stage", in_school & manages)
# the committee, and the young teacher for their own record (obj: the young teacher)
elder_rules.add_rule("record_participation", in_school & (manages | is_self_young_teacher))
elder_rules.add_rule("export_participation", in_school & (manages | is_self_young_teacher))
elder_rules.add_rule("view_project", in_school & (manages | leads_project | takes_part_in_project))
elder_rules.add_rule("edit_project", in_school & manages)
# the leader keeps the outcomes of their own project up to date
elder_rules.add_rule("edit_project_outcomes", in_school & (manages | leads_project))
elder_rules.add_rule("create_award", manages)
elder_rules.add_rule("edit_award", in_school & manages)
# the printable certificate: the committee, and the awarded elder themself
elder_rules.add_rule("view_award_certificate", in_school & (manages | is_award_elder))


# --- inspections, training, welfare -------------------------------------------------------------


@rules.predicate
def attends_training(actor, session) -> bool:
    """On the session's attendance list (invited, present or absent)."""
    from .models import TrainingAttendance

    return actor.elder_id is not None and TrainingAttendance.objects.filter(
        session=session, elder_id=actor.elder_id
    ).exists()


elder_rules.add_rule("view_training", in_school & (manages | attends_training))
elder_rules.add_rule("manage_training", in_school & manages)
# care visits, recreation events and the health check dates of the elders (obj: the visit, event or elder)
elder_rules.add_rule("manage_elder_care", in_school & manages)


# --- registry (ELD-1): the elder registry ---------------------------------------------------------
# weekly availability: the committee for any elder of the school, an elder for their own (obj: the elder)
elder_rules.add_rule("edit_elder_availability", in_school & (manages | is_self_elder))
