"""Object-level predicates for activities (ACT-1). The director and school leaders approve; the organiser (or the
director) edits, resubmits, runs and summarises; the director and leaders archive. view_activity mirrors
selectors.activities (a test checks they agree)."""

from __future__ import annotations

import rules

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role
from xinhuo.core.scopes import has_capability, has_role, in_school

from .models import SignUp
from .selectors import PUBLISHED, elder_sees, family_class_ids, own_signups_q


@rules.predicate
def organises(actor, activity) -> bool:
    return activity.organiser_id == actor.user.pk


@rules.predicate
def open_to(actor, activity) -> bool:
    """A published activity the actor is invited to, or one they (or their child) signed up for."""
    if SignUp.objects.filter(own_signups_q(actor), activity=activity).exists():
        return True
    if activity.status not in PUBLISHED:
        return False
    if not actor.roles.isdisjoint(STAFF_ROLES):
        return True
    classes = family_class_ids(actor)
    if classes and activity.audience_classes.filter(pk__in=classes).exists():
        return True
    if actor.guardian_id and activity.audience_parents:
        return True
    return elder_sees(actor, activity)


activity_rules = rules.RuleSet()
activity_rules.add_rule("view_activity", in_school & (has_capability("activities.see_all") | organises | open_to))
# approving one's own application is refused by the service with a message, not hidden by the rule
activity_rules.add_rule("approve_activity", in_school & has_capability("activities.approve"))
activity_rules.add_rule("manage_activity", in_school & (organises | has_role(Role.DIRECTOR)))
activity_rules.add_rule("archive_activity", in_school & has_capability("activities.approve"))
# the workflow's history (who applied, approved, returned and why): the staff who apply, approve or organise; a
# family, a student or an elder sees the activity's state only
activity_rules.add_rule("view_history", in_school & (has_capability("activities.apply") | has_capability(
    "activities.see_all") | organises))


def can(actor, rule: str, obj=None) -> bool:
    return activity_rules.test_rule(rule, actor, obj)
