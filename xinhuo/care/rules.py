"""Object-level predicates for the care app. Each mirrors a queryset scope in a part's selectors.py (tests assert
they agree). Who holds which capability is declared in manifest.py.

Who sees what about a student's care:
- the director, school leaders and counsellors: every student of the school (care.school_wide);
- a head teacher: the students of their classes;
- a mentor: their mentees, and only what mentoring needs (name, class, needs, contact plan);
- a parent: their own child's growth record without internal notes; a student: their own;
- elders without a pairing, other parents and students: nothing (no tags, no visits, no support).
The leaders only look at tags; the others also identify and follow up.
"""

from __future__ import annotations

import rules

from xinhuo.core.models import Role
from xinhuo.core.scopes import has_capability, in_school

from .models import TagSource, TagStatus


@rules.predicate
def heads_class_of_tagged_student(actor, tag) -> bool:
    return actor.has_role(Role.HEAD_TEACHER) and tag.student.school_class_id in actor.class_ids


@rules.predicate
def heads_class_of(actor, student) -> bool:
    return actor.has_role(Role.HEAD_TEACHER) and student.school_class_id in actor.class_ids


@rules.predicate
def heads_class_of_students(actor, obj) -> bool:
    """For a record about a student (support measure, home visit, growth entry, pair)."""
    return actor.has_role(Role.HEAD_TEACHER) and obj.student.school_class_id in actor.class_ids


@rules.predicate
def is_mentor_of_pair(actor, pair) -> bool:
    return pair.mentor.user_id is not None and pair.mentor.user_id == actor.user.pk


@rules.predicate
def is_own_or_child(actor, student) -> bool:
    return student.pk == actor.student_id or student.pk in actor.child_ids


@rules.predicate
def owns_follow_up(actor, item) -> bool:
    return item.owner_id == actor.user.pk


@rules.predicate
def follow_up_of_visible_visit(actor, item) -> bool:
    """A home visit's follow-up: whoever may record visits for that student; a forum's: the forum managers."""
    if item.home_visit_id:
        return actor.can("care.school_wide") or (
            actor.has_role(Role.HEAD_TEACHER) and item.home_visit.student.school_class_id in actor.class_ids)
    return actor.can("forums.manage")


@rules.predicate
def recorded_entry(actor, entry) -> bool:
    return entry.recorded_by_id == actor.user.pk


@rules.predicate
def written_in_the_record(actor, entry) -> bool:
    """Entries other modules wrote (activities: a source_ref) are corrected at their source, not here."""
    return not entry.source_ref


@rules.predicate
def tutors_program(actor, program) -> bool:
    return program.tutor_id is not None and program.tutor.user_id == actor.user.pk


@rules.predicate
def from_screening(actor, tag) -> bool:
    return tag.source == TagSource.SCREENING


@rules.predicate
def tag_open(actor, tag) -> bool:
    return tag.status != TagStatus.CLOSED


# a tag from screening keeps its detail (group, source, note, history, review) for the counsellors (PSY-5): the
# others who see the student's tags get a need-attention flag while it is open, and cannot change what they cannot
# see
screening_detail = ~from_screening | has_capability("special_groups.screening")

care_rules = rules.RuleSet()
# special groups (STU-2): view_tag is whose tag the actor knows of (the flag at least), view_tag_detail what it says
care_rules.add_rule("view_tag", in_school & (has_capability("special_groups.all") | heads_class_of_tagged_student)
                    & (screening_detail | tag_open))
care_rules.add_rule("view_tag_detail", in_school & (has_capability("special_groups.all")
                                                    | heads_class_of_tagged_student) & screening_detail)
care_rules.add_rule("manage_tag", in_school & (has_capability("special_groups.manage_all")
                                               | heads_class_of_tagged_student) & screening_detail)
# a student's care (support measures, home visits, growth notes): obj is the Student
care_rules.add_rule("care_for_student", in_school & (has_capability("care.school_wide") | heads_class_of))
# support measures (STU-3): obj is the SupportMeasure
care_rules.add_rule("view_support", in_school & (has_capability("care.school_wide") | heads_class_of_students))
# mentoring pairs (MEN): obj is the MentoringPair
care_rules.add_rule("view_pair", in_school & (has_capability("mentoring.manage") | heads_class_of_students
                                              | is_mentor_of_pair))
care_rules.add_rule("manage_pair", in_school & has_capability("mentoring.manage"))
care_rules.add_rule("log_contact", in_school & (has_capability("mentoring.manage") | is_mentor_of_pair))
# home visits (FAM-2): obj is the HomeVisit
care_rules.add_rule("view_home_visit", in_school & (has_capability("care.school_wide") | heads_class_of_students))
# follow-up items: obj is the FollowUp
care_rules.add_rule("close_follow_up", in_school & (owns_follow_up | follow_up_of_visible_visit))
# forums (STU-5): obj is the Forum
care_rules.add_rule("manage_forum", in_school & has_capability("forums.manage"))
# the study help desk: obj is the StudyProgram
care_rules.add_rule("manage_program", in_school & has_capability("study.manage"))
care_rules.add_rule("take_attendance", in_school & (has_capability("study.manage") | tutors_program))
# the growth record (STU-1): obj is the Student
care_rules.add_rule("view_growth", in_school & (has_capability("growth.school_wide") | heads_class_of
                                                | is_own_or_child))
care_rules.add_rule("view_growth_internal",
                    in_school & (has_capability("growth.school_wide") | heads_class_of))
care_rules.add_rule("record_growth", in_school & (has_capability("care.school_wide") | heads_class_of))
# correcting an entry (obj is the GrowthEntry): the committee any, a head teacher the ones they wrote in their classes
care_rules.add_rule("edit_growth_entry", in_school & written_in_the_record & (
    has_capability("care.school_wide") | (heads_class_of_students & recorded_entry)))
# the screening summary on the growth record (obj is the Student): the counsellors only, as a tag from screening;
# others who see the student's tags get a need-attention flag at most
care_rules.add_rule("view_screening", in_school & has_capability("special_groups.screening"))


# --- groups ---------------------------------------------------------------------------------------------------------
# support measures: the recorder (while the student is still theirs) or the committee correct a record


@rules.predicate
def recorded_support(actor, measure) -> bool:
    return measure.recorded_by_id is not None and measure.recorded_by_id == actor.user.pk


# obj is the SupportMeasure (groups.selectors.editable_support)
care_rules.add_rule("edit_support", in_school & (has_capability("care.school_wide")
                                                 | (heads_class_of_students & recorded_support)))

# --- study ---------------------------------------------------------------------------------------------------------
# the study help desk: a student signs themself up, a parent their own child (obj is the Student;
# study.selectors.signup_students); the sign-up list of a programme is for those who take its attendance


@rules.predicate
def signs_up_as_family(actor, student) -> bool:
    return actor.has_role(Role.STUDENT, Role.PARENT) and (
        student.pk == actor.student_id or student.pk in actor.child_ids)


care_rules.add_rule("study_signup", in_school & signs_up_as_family)

# --- mentoring ----------------------------------------------------------------------------------------------------
# growth mentors: the mentoring managers keep the registry and see a volunteer's phone (logged reveal); a mentor who
# is an elder or a teacher may call the primary guardian of a mentee of an open pair (logged reveal) — never a peer
# student or a volunteer (mentoring.selectors.guardian_phone_pairs)
GUARDIAN_PHONE_MENTOR_KINDS = ("elder", "teacher")


@rules.predicate
def may_call_guardian(actor, pair) -> bool:
    return pair.ended_on is None and pair.mentor.kind in GUARDIAN_PHONE_MENTOR_KINDS


# obj is the Mentor (mentoring.selectors.mentors)
care_rules.add_rule("manage_mentor", in_school & has_capability("mentoring.manage"))
care_rules.add_rule("reveal_mentor_phone", in_school & has_capability("mentoring.manage"))
# obj is the MentoringPair
care_rules.add_rule("reveal_mentee_guardian_phone", in_school & is_mentor_of_pair & may_call_guardian)


def can(actor, rule: str, obj=None) -> bool:
    return care_rules.test_rule(rule, actor, obj)
