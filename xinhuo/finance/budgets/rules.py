"""Who may do what with budgets (GOV-3); selectors.py scopes the reads the same way.

- Reading budgets, lines, commitments and the execution report: finance and the committee (director, leader).
- Drafting a budget and its lines, changing the lines of an approved budget (raise or add, with a note; never
  below what a line holds), moving or releasing a commitment: finance.
- Approving a draft budget and the second-approval threshold: the director."""

from __future__ import annotations

import rules


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def reads(actor, obj=None) -> bool:
    return actor.can("finance.budgets.view")


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("finance.budgets.manage")


@rules.predicate
def approves(actor, obj=None) -> bool:
    return actor.can("finance.budgets.approve")


@rules.predicate
def is_draft(actor, budget) -> bool:
    return budget.status == "draft"


RULES = rules.RuleSet()
RULES.add_rule("view_budget", in_school & reads)
RULES.add_rule("edit_budget", in_school & manages)
RULES.add_rule("approve_budget", in_school & approves & is_draft)
RULES.add_rule("manage_commitment", in_school & manages)
RULES.add_rule("set_threshold", approves)


def can(actor, rule: str, obj=None) -> bool:
    return RULES.test_rule(rule, actor, obj)
