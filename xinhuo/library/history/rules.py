"""Who may see and change a school-history item (RES-5); selectors.visible_q says the same for lists.

- Published items are seen by everyone of the school; a draft by the committee and its contributors.
- The committee (library.history.manage) edits every item. An elder holding the school-history curator role
  (elders' ElderRole.SCHOOL_HISTORY, an active assignment) adds items and edits those they contribute to."""

from __future__ import annotations

import rules

from .models import HistoryStatus

CURATOR_ROLE = "school_history"  # elders.models.ElderRole.SCHOOL_HISTORY (elders' selectors read it)


def is_curator(actor) -> bool:
    """An elder of this school holding the curator role now (read once per actor through elders' selectors)."""
    if not actor.can("library.history.contribute"):
        return False
    from xinhuo.elders import selectors as elder_selectors

    calling = elder_selectors.elder_calling(actor)
    return calling is not None and CURATOR_ROLE in calling.roles


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("library.history.manage")


@rules.predicate
def curates(actor, obj=None) -> bool:
    return is_curator(actor)


@rules.predicate
def contributed(actor, item) -> bool:
    if item.pk is None:
        return False
    return any(u.pk == actor.user.pk for u in item.contributors.all()) or item.created_by_id == actor.user.pk


@rules.predicate
def published(actor, item) -> bool:
    return item.status == HistoryStatus.PUBLISHED


history_rules = rules.RuleSet()
history_rules.add_rule("view_item", in_school & (published | manages | contributed))
history_rules.add_rule("create_item", manages | curates)
history_rules.add_rule("edit_item", in_school & (manages | (curates & contributed)))


def can(actor, rule: str, obj=None) -> bool:
    return history_rules.test_rule(rule, actor, obj)
