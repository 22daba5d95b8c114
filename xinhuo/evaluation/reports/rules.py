"""Who may do what with the year-end report (PLAN-5); selectors.py says the same for lists.

The committee (director and leader: capability evaluation.reports.manage) generates, reads, edits, finalises,
downloads and submits its own school's reports. Everyone else gets 404: a report is the committee's document until it
is submitted, and then the county committee reads it through the county part, not here."""

from __future__ import annotations

import rules

CAPABILITY = "evaluation.reports.manage"


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can(CAPABILITY)


@rules.predicate
def is_draft(actor, obj) -> bool:
    return obj.status == "draft"


report_rules = rules.RuleSet()
report_rules.add_rule("view_report", in_school & manages)
report_rules.add_rule("edit_report", in_school & manages & is_draft)


def can(actor, rule: str, obj=None) -> bool:
    return report_rules.test_rule(rule, actor, obj)
