"""Who may do what in the parent school (FAM-1). The selectors' scopes say the same for lists.

- See courses, sessions, micro-lectures and materials: every role of the school but students (capability
  family.school.view); a parent sees the courses for their children's grades (a course without grades is for all).
- Manage (courses, sessions, micro-lectures with their quiz, materials, the 优秀家长学员 list, inviting families who
  never attended): the committee (director, leader) and the department heads: the 德育处 runs the parent school
  for the committee. The technical administrator keeps accounts, not content.
- Check in at a session (the phone list, walk-ins): the managers and the course's organiser (a teacher the
  committee names as organiser runs the list at the door).
- Attendance (per class, per family, families who never attended, with inviting them): the managers for the
  school; a head teacher for their own classes only.
- Register, cancel, watch, answer a quiz: a parent (a guardian with an account), only for themself and one of
  their own children's families, in their own school. Registering and cancelling close when the session starts.
  An online check-in (a micro-lecture watched to its end, a quiz passed) counts only for the parent's own active
  registration for the lecture's session; the quiz is scored on the server.
- 优秀家长学员: a parent who attended at least EXCELLENT_MIN_SESSIONS sessions in the term is proposed; the
  managers confirm the list; the parent downloads their own certificate, the managers any.
"""

from __future__ import annotations

import rules

from xinhuo.core.access import Actor

from .models import ExcellentParent, MicroLecture, ParentCourse, ParentSession, SessionRegistration

EXCELLENT_MIN_SESSIONS = 3  # sessions attended in a term to be proposed as 优秀家长学员
QUIZ_PASS_DEFAULT = 80  # percent, a lecture may set its own


def course_of(obj) -> ParentCourse:
    if isinstance(obj, ParentCourse):
        return obj
    if isinstance(obj, (ParentSession, MicroLecture)):
        return obj.course
    if isinstance(obj, SessionRegistration):
        return obj.session.course
    raise TypeError(obj)


@rules.predicate
def in_school(actor: Actor, obj) -> bool:
    if isinstance(obj, ExcellentParent):
        return obj.school_id == actor.school.pk
    return course_of(obj).school_id == actor.school.pk


@rules.predicate
def manages(actor: Actor, obj=None) -> bool:
    return actor.can("family.school.manage")


@rules.predicate
def organises(actor: Actor, obj) -> bool:
    return course_of(obj).organiser_id == actor.user.pk


@rules.predicate
def is_parent(actor: Actor, obj=None) -> bool:
    return actor.can("family.school.register") and actor.guardian_id is not None


@rules.predicate
def own_registration(actor: Actor, registration) -> bool:
    return registration.guardian_id == actor.guardian_id and actor.guardian_id is not None


@rules.predicate
def own_certificate(actor: Actor, row) -> bool:
    return row.guardian_id == actor.guardian_id and actor.guardian_id is not None


school_rules = rules.RuleSet()
school_rules.add_rule("manage_course", in_school & manages)
school_rules.add_rule("check_in", in_school & (manages | organises))
school_rules.add_rule("register", in_school & is_parent)
school_rules.add_rule("cancel_registration", in_school & own_registration)
school_rules.add_rule("view_certificate", in_school & (manages | own_certificate))


def can(actor: Actor, rule: str, obj=None) -> bool:
    return school_rules.test_rule(rule, actor, obj)


def sees_all_classes(actor: Actor) -> bool:
    return actor.can("family.school.manage")
