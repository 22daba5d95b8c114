"""Reads of the search part, scoped to the actor: the one search box's results and the school dictionary.

The words are matched within the actor's school and the kinds they may search; then, kind by kind, the app's own
selectors (Indexer.visible) say which of the matched items the actor may see, and only those are ranked, counted
and paginated. An item the actor may not see is never in a count, a page or a filter's list, and the cost follows
the number of matches, not the size of the school."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from xinhuo.core.access import Actor

from . import db, segment
from .indexing import Indexer, indexers
from .models import SchoolWord, SearchEntry

MAX_QUESTION = 100


class Ranked:
    """The matching entries in rank order, read a page at a time (Paginator and DRF's pagination slice it)."""

    FIELDS = ("pk", "kind", "object_id", "title", "body", "tags", "year", "url")

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int | slice):
        if isinstance(index, slice):
            ids = self.ids[index]
            rows = SearchEntry.objects.only(*self.FIELDS).in_bulk(ids)
            return [rows[pk] for pk in ids if pk in rows]
        return self[index:index + 1][0] if index >= 0 else self[len(self) + index:][0]

    def __iter__(self):
        return iter(self[:])


@dataclass
class Search:
    """A question, its filters and what matched (Ranked: the view paginates it)."""

    question: str
    kind: str = ""
    year: int | None = None
    tag: str = ""
    kinds: list[Indexer] = field(default_factory=list)  # the kinds the actor may search
    groups: list[list[str]] = field(default_factory=list)
    strict: bool = True  # every word matched; False: no item had them all, any word matched
    results: Ranked = field(default_factory=lambda: Ranked([]))
    counts: dict[str, int] = field(default_factory=dict)  # matches the actor may see, per kind (before the filter)

    @property
    def terms(self) -> list[str]:
        return [t for g in self.groups for t in g]

    @property
    def labels(self) -> dict[str, str]:
        return {ix.kind: str(ix.label) for ix in self.kinds}


def searchable_kinds(actor: Actor) -> list[Indexer]:
    return [ix for ix in indexers() if ix.allowed(actor)]


BY_ID_MAX = 500  # more matches of a kind than this: read the kind's visible ids once rather than look each up


def visible_ranked(actor: Actor, kinds: list[Indexer],
                   matched: list[tuple[int, str, int, float]]) -> list[tuple[int, str]]:
    """The matched entries the actor may see, best first (then the newer). Kind by kind, the app's own scope
    (Indexer.visible) is asked about the matched items only; nothing unseen is kept, so nothing unseen is
    counted."""
    by_kind: dict[str, set[int]] = {}
    for _pk, kind, object_id, _score in matched:
        by_kind.setdefault(kind, set()).add(object_id)
    allowed: dict[str, set[int]] = {}
    for ix in kinds:
        wanted = by_kind.get(ix.kind)
        if not wanted:
            continue
        visible = ix.visible(actor)
        if len(wanted) <= BY_ID_MAX:
            visible = visible.filter(pk__in=sorted(wanted))
        allowed[ix.kind] = wanted & set(visible.values_list("pk", flat=True))
    kept = [(pk, kind, score) for pk, kind, object_id, score in matched if object_id in allowed.get(kind, ())]
    return [(pk, kind) for pk, kind, _score in sorted(kept, key=lambda row: (-row[2], -row[0]))]


def search(actor: Actor, question: str, *, kind: str = "", year: int | None = None, tag: str = "") -> Search:
    question = " ".join(question.split())[:MAX_QUESTION]
    kinds = searchable_kinds(actor)
    found = Search(question=question, kind=kind, year=year, tag=tag, kinds=kinds)
    segment.sync_words()
    found.groups = segment.query_groups(question)
    if not found.groups or not kinds:
        return found
    # every kind is matched, so the filter can say how many of each there are; the kind asked for is kept after
    qs = SearchEntry.objects.filter(school=actor.school, kind__in=[ix.kind for ix in kinds])
    if year:
        qs = qs.filter(year=year)
    if tag:
        qs = qs.filter(tags__contains=f"|{tag.replace('|', '/')}|")

    def ranked_for(strict: bool) -> list[tuple[int, str]]:
        if db.scopes_in_the_query(qs):
            rows = db.visible_matches(qs, found.groups, [(ix.kind, ix.visible(actor)) for ix in kinds],
                                      strict=strict)
            return [(pk, k) for pk, k, _score in sorted(rows, key=lambda row: (-row[2], -row[0]))]
        return visible_ranked(actor, kinds, db.matches(qs, found.groups, strict=strict))

    ranked = ranked_for(True)
    if not ranked and len(found.groups) > 1:
        ranked, found.strict = ranked_for(False), False
    for _pk, k in ranked:
        found.counts[k] = found.counts.get(k, 0) + 1
    found.results = Ranked([pk for pk, k in ranked if not kind or k == kind])
    return found


def decorate(found: Search, entries) -> list[dict]:
    """The page's rows for the template and the API: kind label, highlighted title and snippet."""
    labels, terms = found.labels, found.terms
    return [{
        "kind": e.kind, "kind_label": labels.get(e.kind, e.kind), "id": e.object_id, "url": e.url,
        "title": e.title, "title_html": segment.highlight(e.title, terms),
        "snippet_html": segment.snippet(e.body, terms), "tags": e.tag_list, "year": e.year,
    } for e in entries]


def words(actor: Actor) -> QuerySet[SchoolWord]:
    return SchoolWord.objects.filter(school=actor.school).select_related("created_by")
