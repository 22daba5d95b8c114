"""Who may change what in the committee part (django-rules predicates; the same for pages and API). Each mirrors a
queryset scope in selectors.py (manageable_committees, groups).

- the committee (director, leaders: family.committee.manage) manages every parent committee of the school;
- a head teacher (family.committee.manage_class) the committees of their own classes;
- the committee (family.mutual_help.manage) manages every mutual-help group; a coordinator (a staff member or a
  parent with an account) their own group."""

from __future__ import annotations

import rules

from xinhuo.core.access import Actor
from xinhuo.core.scopes import has_capability, in_school

from .models import CommitteeLevel, MutualHelpGroup, ParentCommittee


@rules.predicate
def heads_committees_class(actor, committee) -> bool:
    return committee.level == CommitteeLevel.CLASS and committee.school_class_id in actor.class_ids


@rules.predicate
def coordinates(actor, group) -> bool:
    return any(p is not None and p.user_id is not None and p.user_id == actor.user.pk
               for p in (group.coordinator_staff, group.coordinator_guardian))


committee_rules = rules.RuleSet()
committee_rules.add_rule("manage_committee", in_school & (
    has_capability("family.committee.manage")
    | (has_capability("family.committee.manage_class") & heads_committees_class)))
committee_rules.add_rule("manage_group", in_school & (has_capability("family.mutual_help.manage") | coordinates))


def can(actor: Actor, rule: str, obj=None) -> bool:
    return committee_rules.test_rule(rule, actor, obj)


def manages_committee(actor: Actor, committee: ParentCommittee) -> bool:
    return can(actor, "manage_committee", committee)


def may_create_committee(actor: Actor, level: str, school_class_id: int | None) -> bool:
    """Before the committee exists: the committee any level, a head teacher a class of theirs."""
    if actor.can("family.committee.manage"):
        return True
    return (actor.can("family.committee.manage_class") and level == CommitteeLevel.CLASS
            and school_class_id in actor.class_ids)


def manages_group(actor: Actor, group: MutualHelpGroup) -> bool:
    return can(actor, "manage_group", group)
