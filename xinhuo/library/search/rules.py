"""Predicates of the search part: searching needs only the capability (scoping is per kind, in the selectors);
the dictionary is the committee's, of its own school."""

from __future__ import annotations

SEARCH = "library.search"
DICTIONARY = "library.dictionary"


def can_edit_word(actor, word) -> bool:
    return actor.can(DICTIONARY) and word.school_id == actor.school.pk
