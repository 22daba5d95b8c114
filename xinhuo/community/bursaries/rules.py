"""Who may do what with bursaries (COM-3); selectors.py says the same for lists.

- Donors, donations and the accountability reports: the committee (director, leader) and finance (reads, for
  payment). Only the committee writes them.
- Funds: everyone with the bursaries pages sees the funds of the school (a head teacher needs them to propose); the
  donor's own name only where the donor consented, or to the committee and finance.
- Grants: the committee and finance see them all; a head teacher those of their classes' students (and those
  they proposed). The committee proposes for any student, a head teacher for their classes' students. Approving,
  returning and rejecting is the committee's, never on a grant one proposed oneself (the service says so); paying
  is finance's. A parent sees the approved or paid grants of their own children, nothing else.
"""

from __future__ import annotations

import rules

from .models import GRANTED

COMMITTEE_CAP = "community.bursaries.manage"


def _school_id(obj) -> int:
    return obj.school_id


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and _school_id(obj) == actor.school.pk


@rules.predicate
def reads_all(actor, obj=None) -> bool:
    return actor.can("community.bursaries.read")


@rules.predicate
def views(actor, obj=None) -> bool:
    return actor.can("community.bursaries.view")


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can(COMMITTEE_CAP)


def proposes_for(actor, student) -> bool:
    """The committee any student of the school; a head teacher the students of their classes."""
    if student is None or student.school_id != actor.school.pk or not actor.can("community.bursaries.propose"):
        return False
    return manages(actor) or student.school_class_id in actor.class_ids


@rules.predicate
def head_teacher_of(actor, grant) -> bool:
    if not actor.class_ids or not actor.can("community.bursaries.propose"):
        return False
    student = grant.student
    return (student is not None and student.school_class_id in actor.class_ids) or grant.proposed_by_id == actor.user.pk


@rules.predicate
def parent_of(actor, grant) -> bool:
    return (actor.can("community.bursaries.mine") and grant.status in GRANTED
            and grant.student_id is not None and grant.student_id in actor.child_ids)


@rules.predicate
def may_resubmit(actor, grant) -> bool:
    return proposes_for(actor, grant.student)


@rules.predicate
def approves(actor, grant=None) -> bool:
    return actor.can("community.bursaries.approve")


@rules.predicate
def pays(actor, grant=None) -> bool:
    return actor.can("community.bursaries.pay")


bursary_rules = rules.RuleSet()
bursary_rules.add_rule("view_fund", in_school & views)
bursary_rules.add_rule("manage_fund", in_school & manages)
bursary_rules.add_rule("read_fund", in_school & reads_all)
bursary_rules.add_rule("view_grant", in_school & (reads_all | head_teacher_of | parent_of))
bursary_rules.add_rule("resubmit_grant", in_school & may_resubmit)
bursary_rules.add_rule("approve_grant", in_school & approves)
bursary_rules.add_rule("pay_grant", in_school & pays)


def can(actor, rule: str, obj=None) -> bool:
    return bursary_rules.test_rule(rule, actor, obj)
