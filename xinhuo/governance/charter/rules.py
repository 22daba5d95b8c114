"""Who may do what with the charter, the duties and the rules (ORG-2); selectors.py says the same for lists.

- Reading the versions in force and the superseded ones: every staff member and elder (governance.charter.read).
- Drafts, submitted and approved versions: the director (who edits) and the leading group (who approves).
- Editing, submitting, publishing and withdrawing: the director (governance.charter.edit).
- Approving and returning: a member of the leading group (xinhuo.governance.leading.in_leading_group); never of a
  version they wrote (the service refuses it with a message)."""

from __future__ import annotations

import rules

from xinhuo.governance.leading import in_leading_group

from .models import VersionStatus

PUBLIC = frozenset({VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED})


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def reads(actor, obj=None) -> bool:
    return actor.can("governance.charter.read")


@rules.predicate
def edits(actor, obj=None) -> bool:
    return actor.can("governance.charter.edit")


@rules.predicate
def leading(actor, obj=None) -> bool:
    return actor.can("governance.charter.read") and in_leading_group(actor)


@rules.predicate
def is_public(actor, version) -> bool:
    return version.status in PUBLIC


def sees_drafts(actor) -> bool:
    return edits(actor) or leading(actor)


charter_rules = rules.RuleSet()
charter_rules.add_rule("view_document", in_school & reads)
charter_rules.add_rule("view_version", in_school & reads & (is_public | edits | leading))
charter_rules.add_rule("edit_version", in_school & edits)
charter_rules.add_rule("approve_version", in_school & leading)


def can(actor, rule: str, obj=None) -> bool:
    return charter_rules.test_rule(rule, actor, obj)
