"""Who may do what with the indicators (PLAN-3); selectors.py says the same for reads.

- The committee (director, leader) reads, edits the system and fixes an ended period.
- Only the director takes a fixed period again (capability evaluation.indicators.retake).
- A record of another school is never found (404): every selector filters by the actor's school."""

from __future__ import annotations

import rules


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def reads(actor, obj=None) -> bool:
    return actor.can("evaluation.indicators.view")


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("evaluation.indicators.manage")


@rules.predicate
def retakes(actor, obj=None) -> bool:
    return actor.can("evaluation.indicators.retake")


indicator_rules = rules.RuleSet()
indicator_rules.add_rule("view_indicator", in_school & reads)
indicator_rules.add_rule("edit_indicator", in_school & manages)
indicator_rules.add_rule("retake_snapshot", in_school & retakes)


def can(actor, rule: str, obj=None) -> bool:
    return indicator_rules.test_rule(rule, actor, obj)
