"""Object-level predicates of surveys and the mailbox; selectors.py holds the matching querysets.

A survey is managed, and its results seen, by its owner and the committee (director, leaders). Who may answer is
the survey's audience (selectors.audience_of). A mailbox message is handled by the committee and by the person it
is assigned to; a flagged one also by the counsellors and the safeguarding lead."""

from __future__ import annotations

import rules

from xinhuo.core.models import Role
from xinhuo.core.scopes import has_role, in_school

COMMITTEE = has_role(Role.DIRECTOR, Role.LEADER)


@rules.predicate
def owns(actor, survey) -> bool:
    return survey.owner_id == actor.user.pk


@rules.predicate
def assigned(actor, message) -> bool:
    return message.assignee_id == actor.user.pk


@rules.predicate
def flagged_for_safeguarding(actor, message) -> bool:
    if not message.flagged:
        return False
    if actor.has_role(Role.COUNSELLOR):
        return True
    from xinhuo.wellbeing.selectors import safeguarding_lead_id

    return safeguarding_lead_id(actor.school) == actor.user.pk


survey_rules = rules.RuleSet()
survey_rules.add_rule("manage_survey", in_school & (owns | COMMITTEE))
survey_rules.add_rule("see_results", in_school & (owns | COMMITTEE))
# the mailbox's workflow: the committee assigns and closes; whoever holds it replies
survey_rules.add_rule("assign_message", in_school & COMMITTEE)
survey_rules.add_rule("handle_message", in_school & (COMMITTEE | assigned | flagged_for_safeguarding))


def can(actor, rule: str, obj) -> bool:
    return survey_rules.test_rule(rule, actor, obj)
