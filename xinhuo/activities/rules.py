"""Object-level predicates for activities (ACT-1). The director and school leaders approve; the organiser (or the
director) edits, resubmits, runs and summarises; the director and leaders archive."""

from __future__ import annotations

import rules

from xinhuo.core.models import Role
from xinhuo.people.rules import has_role, in_school

APPROVERS = (Role.DIRECTOR, Role.LEADER)


@rules.predicate
def organises(actor, activity) -> bool:
    return activity.organiser_id == actor.user.pk


activity_rules = rules.RuleSet()
# approving one's own application is refused by the service with a message, not hidden by the rule
activity_rules.add_rule("approve_activity", in_school & has_role(*APPROVERS))
activity_rules.add_rule("manage_activity", in_school & (organises | has_role(Role.DIRECTOR)))
activity_rules.add_rule("archive_activity", in_school & has_role(*APPROVERS))


def can(actor, rule: str, obj=None) -> bool:
    return activity_rules.test_rule(rule, actor, obj)
