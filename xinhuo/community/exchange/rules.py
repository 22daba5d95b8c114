"""Object-level predicates of the exchange with peer committees (COM-5); each mirrors a scope in selectors.py.

The committee ("community.exchange.manage": director, school leaders) keeps peers and entries and sees the
contacts' phones; every staff member ("community.exchange.view") reads them. A document to handle is marked done
by its owner or by the committee."""

from __future__ import annotations

import rules


@rules.predicate
def views(actor, obj=None) -> bool:
    return actor.can("community.exchange.view")


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("community.exchange.manage")


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def photo_in_school(actor, photo) -> bool:
    return photo.entry.school_id == actor.school.pk


@rules.predicate
def open_to_handle(actor, entry) -> bool:
    return entry.open


@rules.predicate
def owns(actor, entry) -> bool:
    return entry.owner_id is not None and entry.owner_id == actor.user.pk


exchange_rules = rules.RuleSet()
exchange_rules.add_rule("view", in_school & views)
exchange_rules.add_rule("manage", in_school & manages)
exchange_rules.add_rule("see_phone", in_school & manages)
exchange_rules.add_rule("view_photo", photo_in_school & views)
exchange_rules.add_rule("manage_photo", photo_in_school & manages)
exchange_rules.add_rule("handle", in_school & views & open_to_handle & (manages | owns))


def can(actor, rule: str, obj=None) -> bool:
    return exchange_rules.test_rule(rule, actor, obj)
