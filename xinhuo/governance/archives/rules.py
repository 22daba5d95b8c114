"""Who may do what with the archive (GOV-2); selectors.py says the same for lists.

- The committee (director, leader; governance.archives.manage) sees every record and manages them.
- Finance (governance.archives.view without manage) sees the receipts and accounts only (category receipt).
- Destruction and extension are the committee's, of a kept record only; destruction only once its retention date
  has passed (the service checks the dates and says why)."""

from __future__ import annotations

import rules

from .models import ArchiveCategory

# what finance reads of the archive: the accounting records
FINANCE_CATEGORIES = frozenset({ArchiveCategory.RECEIPT})
# records about people (a list of winners, photos of children): a look or a download is in the access log
PERSONAL_CATEGORIES = frozenset({ArchiveCategory.CERTIFICATE, ArchiveCategory.PHOTO})


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can("governance.archives.manage")


@rules.predicate
def finance_reads(actor, record) -> bool:
    return actor.can("governance.archives.view") and record.category in FINANCE_CATEGORIES


def visible_categories(actor) -> frozenset[str] | None:
    """The categories the actor sees: None for all (the committee)."""
    return None if manages(actor) else FINANCE_CATEGORIES


archive_rules = rules.RuleSet()
archive_rules.add_rule("view_record", in_school & (manages | finance_reads))
archive_rules.add_rule("manage_record", in_school & manages)


def can(actor, rule: str, obj=None) -> bool:
    return archive_rules.test_rule(rule, actor, obj)
