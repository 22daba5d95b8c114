"""Who may address which families, and who sees a per-child message thread.

Senders (the capability family.notices.send):
- a head teacher: their own classes, or chosen families of their classes;
- a department head (德育处/教务处/年级组: the school has no grade-director role, the department head stands for
  年级组长): whole grades;
- the committee (director, school leader): any audience (the whole school, grades, classes, chosen families).
The administrator manages accounts and structure, not what is said to families: no notices.

A thread about one child is seen by the head teachers of the child's class, the staff member who started it,
and the child's guardians; nobody else (not the committee unless they are one of these).
"""

from __future__ import annotations

import rules as predicates

from xinhuo.core.access import Actor
from xinhuo.core.models import Role as R

from .models import NoticeAudience

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})


def audiences(actor: Actor) -> list[str]:
    """The audiences this actor may address, in the order a form offers them."""
    out: list[str] = []
    if actor.has_role(*COMMITTEE):
        return [NoticeAudience.SCHOOL, NoticeAudience.GRADES, NoticeAudience.CLASSES, NoticeAudience.FAMILIES]
    if actor.has_role(R.DEPARTMENT_HEAD):
        out.append(NoticeAudience.GRADES)
    if actor.has_role(R.HEAD_TEACHER) and actor.class_ids:
        out += [NoticeAudience.CLASSES, NoticeAudience.FAMILIES]
    return out


def all_classes(actor: Actor) -> bool:
    """Whether the actor may address any class (and any family) of the school, not only their own."""
    return actor.has_role(*COMMITTEE)


def sees_all_notices(actor: Actor) -> bool:
    """The committee oversees every notice of the school (its receipts too); others see the ones they sent."""
    return actor.has_role(*COMMITTEE)


def may_see_thread(actor: Actor, thread) -> bool:
    if thread.school_id != actor.school.pk:
        return False
    if thread.started_by_id == actor.user.pk and actor.has_role(R.HEAD_TEACHER, *COMMITTEE, R.DEPARTMENT_HEAD):
        return True
    if actor.has_role(R.HEAD_TEACHER) and thread.student.school_class_id in actor.class_ids:
        return True
    return actor.has_role(R.PARENT) and thread.student_id in actor.child_ids


@predicates.predicate
def thread_party(actor: Actor, thread) -> bool:
    return may_see_thread(actor, thread)


@predicates.predicate
def notice_sender(actor: Actor, notice) -> bool:
    return notice.school_id == actor.school.pk and notice.sender_id == actor.user.pk


@predicates.predicate
def notice_overseer(actor: Actor, notice) -> bool:
    return notice.school_id == actor.school.pk and sees_all_notices(actor)


notice_rules = predicates.RuleSet()
notice_rules.add_rule("see_thread", thread_party)
notice_rules.add_rule("write_in_thread", thread_party)
notice_rules.add_rule("act_on_notice", notice_sender)  # edit a draft, send, remind
notice_rules.add_rule("see_receipts", notice_sender | notice_overseer)


def can(actor: Actor, rule: str, obj=None) -> bool:
    return notice_rules.test_rule(rule, actor, obj)


def thread_side(actor: Actor, thread) -> str:
    """"family" for the child's guardian, "school" for the staff party."""
    if actor.has_role(R.PARENT) and thread.student_id in actor.child_ids:
        return "family"
    return "school"
