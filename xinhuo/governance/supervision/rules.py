"""Who may do what in supervision (PLAN-4); selectors.py says the same for lists.

- Inspections and their checklists: the committee (director, leader) only.
- Rectification items: the committee sees and verifies them all; the owner (any staff member) sees theirs and
  submits its evidence; a member of the leading group sees every item too (they decide accountability). The
  committee never verifies an item it owns itself (the service says so).
- Accountability records: the leading group only (governance.leading.in_leading_group)."""

from __future__ import annotations

import rules

from xinhuo.governance.leading import in_leading_group


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("governance.supervision.manage")


@rules.predicate
def owns(actor, item) -> bool:
    return actor.can("governance.supervision.view") and item.owner_id == actor.user.pk


@rules.predicate
def leading(actor, obj=None) -> bool:
    return actor.can("governance.supervision.view") and in_leading_group(actor)


supervision_rules = rules.RuleSet()
supervision_rules.add_rule("manage_inspection", in_school & manages)
supervision_rules.add_rule("view_rectification", in_school & (manages | owns | leading))
supervision_rules.add_rule("submit_rectification", in_school & owns)
supervision_rules.add_rule("verify_rectification", in_school & manages)
supervision_rules.add_rule("accountability", in_school & leading)


def can(actor, rule: str, obj=None) -> bool:
    return supervision_rules.test_rule(rule, actor, obj)


def sees_accountability(actor) -> bool:
    return bool(leading(actor))
