"""Who may do what with personal-data requests and summaries (ORG-9); selectors.py filters with the same terms.

The director answers every request of the school and sees the retention list. A parent files for their own
children, a student for themself once 18 (people.consent.ADULT_AGE: an adult's own word is enough, and a
guardian's no longer stands in for it); both follow the requests about that child. The summary of what is held
is the director's, and the family's once an access request about the child has been answered."""

from __future__ import annotations

import rules
from django.utils import timezone

from xinhuo.core.scopes import has_capability, in_school
from xinhuo.people.consent import ADULT_AGE, age_on

from .models import PrivacyRequest, RequestKind, RequestStatus


def family_ids(actor) -> frozenset[int]:
    """The students whose requests the actor follows: a parent's children, a student themself."""
    ids = set(actor.child_ids)
    if actor.student_id:
        ids.add(actor.student_id)
    return frozenset(ids)


def is_adult(student) -> bool:
    return student.birth_date is not None and age_on(student.birth_date, timezone.localdate()) >= ADULT_AGE


def may_file_for(actor, student) -> bool:
    """A parent for their own child; a student for themself, only from 18."""
    if student.school_id != actor.school.pk:
        return False
    if student.pk in actor.child_ids:
        return True
    return student.pk == actor.student_id and is_adult(student)


@rules.predicate
def about_family(actor, request) -> bool:
    return request.student_id in family_ids(actor)


@rules.predicate
def summary_answered(actor, student) -> bool:
    """The family asked to see what is held about this child, and the committee answered."""
    return student.pk in family_ids(actor) and PrivacyRequest.objects.filter(
        student_id=student.pk, kind=RequestKind.ACCESS, status=RequestStatus.DONE).exists()


privacy_rules = rules.RuleSet()
privacy_rules.add_rule("view_request", in_school & (has_capability("privacy.manage") | about_family))
privacy_rules.add_rule("answer_request", in_school & has_capability("privacy.manage"))
privacy_rules.add_rule("view_summary", in_school & (has_capability("privacy.manage") | summary_answered))


def can(actor, rule: str, obj=None) -> bool:
    return actor is not None and privacy_rules.test_rule(rule, actor, obj)
