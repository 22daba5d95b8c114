"""Reads of the search part, scoped to the actor: the one search box's results and the school dictionary.

Scoping comes first: the entries are limited to the school and, kind by kind, to the items the app's own
selectors let the actor see (Indexer.visible, a subquery); only then are they matched, ranked, counted and
paginated. An item the actor may not see is never in a count, a page or a filter's list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from xinhuo.core.access import Actor

from . import db, segment
from .indexing import Indexer, indexers
from .models import SchoolWord, SearchEntry

MAX_QUESTION = 100


class Ranked(Sequence):
    """The matching entries in rank order, read a page at a time (Paginator and DRF's pagination slice it)."""

    FIELDS = ("pk", "kind", "object_id", "title", "body", "tags", "year", "url")

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            rows = SearchEntry.objects.only(*self.FIELDS).in_bulk(ids)
            return [rows[pk] for pk in ids if pk in rows]
        return self[index:index + 1][0] if index >= 0 else self[len(self) + index:][0]

    def __iter__(self):
        return iter(self[:])


@dataclass
class Search:
    """A question, its filters and what matched (a queryset: the view paginates it)."""

    question: str
    kind: str = ""
    year: int | None = None
    tag: str = ""
    kinds: list[Indexer] = field(default_factory=list)  # the kinds the actor may search
    groups: list[list[str]] = field(default_factory=list)
    strict: bool = True  # every word matched; False: no item had them all, any word matched
    results: Ranked = field(default_factory=lambda: Ranked([]))

    @property
    def terms(self) -> list[str]:
        return [t for g in self.groups for t in g]

    @property
    def labels(self) -> dict[str, str]:
        return {ix.kind: str(ix.label) for ix in self.kinds}


def searchable_kinds(actor: Actor) -> list[Indexer]:
    return [ix for ix in indexers() if ix.allowed(actor)]


def scoped_entries(actor: Actor, kinds: list[Indexer]) -> QuerySet[SearchEntry]:
    """The entries of the school the actor may see: kind by kind, the app's visible items."""
    scope = Q(pk__in=[])
    for ix in kinds:
        scope |= Q(kind=ix.kind, object_id__in=ix.visible(actor))
    return SearchEntry.objects.filter(school=actor.school).filter(scope)


def search(actor: Actor, question: str, *, kind: str = "", year: int | None = None, tag: str = "") -> Search:
    question = " ".join(question.split())[:MAX_QUESTION]
    kinds = searchable_kinds(actor)
    found = Search(question=question, kind=kind, year=year, tag=tag, kinds=kinds)
    chosen = [ix for ix in kinds if ix.kind == kind] if kind else kinds
    segment.sync_words()
    found.groups = segment.query_groups(question)
    if not found.groups or not chosen:
        return found
    qs = scoped_entries(actor, chosen)
    if year:
        qs = qs.filter(year=year)
    if tag:
        qs = qs.filter(tags__contains=f"|{tag.replace('|', '/')}|")
    ids = db.ranked_ids(qs, found.groups, strict=True)
    if not ids and len(found.groups) > 1:
        ids, found.strict = db.ranked_ids(qs, found.groups, strict=False), False
    found.results = Ranked(ids)
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
