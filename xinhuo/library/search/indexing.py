"""The indexer protocol: how an app tells the one search box what to find of it and who may see what.

An app writes, in its own `search.py`, one Indexer per kind of item and names it (a dotted path to the instance)
in its manifest's `search=(...)` (a part: `SEARCH` in its declare.py). Core only collects the names; this part
reads them (indexers()), keeps the index current on save and delete (setup.py), rebuilds it (reindex) and scopes
every query by each indexer's `visible(actor)`, which reads through the app's own selectors — so a result is
never found, nor counted, for someone the app would not show the item to."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    """What an item says to the index. `names`: people it names (a speaker, an author), also found by their
    pinyin initials; `tags`: short labels the results can be filtered by; `year`: the year it belongs to."""

    title: str
    body: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    year: int | None = None
    names: tuple[str, ...] = ()


class Indexer:
    """One kind of item. Subclasses set the class attributes and write document() and visible()."""

    kind: str = ""  # short and stable: stored in every entry ("activity", "news")
    label: str | Promise = ""  # what the results page calls it
    model: str = ""  # "app_label.Model"
    capability: str = ""  # the actor needs it to find any of this kind (the app's own "view" capability)
    order: int = 500  # place of the kind in the filter

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def queryset(self) -> QuerySet:
        """The rows to index, with what document() reads (select_related): the reindex reads them in batches."""
        return self.model_class()._default_manager.all()

    def school_id(self, obj) -> int:
        return obj.school_id

    def school_filter(self, school_id: int) -> dict:
        return {"school_id": school_id}

    def document(self, obj) -> Document | None:
        """The item's text, or None when it is not to be found (a draft, an unapproved minute)."""
        raise NotImplementedError

    def visible(self, actor) -> QuerySet:
        """The pks (a values("pk") queryset) of the items the actor may see, from the app's selectors."""
        raise NotImplementedError

    def allowed(self, actor) -> bool:
        return not self.capability or actor.can(self.capability)


@cache
def indexers() -> tuple[Indexer, ...]:
    """Every app's indexers (core.registry.search_indexers), instances, by their order."""
    from xinhuo.core.registry import search_indexers

    found = []
    for path in search_indexers():
        obj = import_string(path)
        found.append(obj() if isinstance(obj, type) else obj)
    return tuple(sorted(found, key=lambda ix: ix.order))


def indexer(kind: str) -> Indexer | None:
    return next((ix for ix in indexers() if ix.kind == kind), None)


def for_model(model: type[Model]) -> list[Indexer]:
    label = model._meta.label
    return [ix for ix in indexers() if ix.model == label]


def entry_values(ix: Indexer, obj) -> dict | None:
    from . import segment

    doc = ix.document(obj)
    if doc is None:
        return None
    title = " ".join(doc.title.split())[:200]
    tags = [t.replace("|", "/").strip() for t in doc.tags if t and t.strip()]
    return {
        "school_id": ix.school_id(obj), "title": title, "body": " ".join(doc.body.split())[:4000],
        # the tags are words of the item too (a tag filter and a search for it agree)
        "text": segment.index_text(title, "\n".join([*tags, doc.body]), doc.names),
        "tags": ("|" + "|".join(tags) + "|")[:300] if tags else "", "year": doc.year, "url": doc.url[:200],
        "updated": timezone.now(),
    }


def _vectorise(qs: QuerySet) -> None:
    """PostgreSQL: the tsvector of the entries' segmented text ('simple': the words are already what to match)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        qs.update(vector=SearchVector("text", config="simple"))


def index_object(ix: Indexer, obj) -> bool:
    """Write (or remove) one item's entry; True when it is in the index afterwards."""
    from . import segment
    from .models import SearchEntry

    segment.sync_words()
    values = entry_values(ix, obj)
    if values is None:
        SearchEntry.objects.filter(kind=ix.kind, object_id=obj.pk).delete()
        return False
    entry, _created = SearchEntry.objects.update_or_create(kind=ix.kind, object_id=obj.pk, defaults=values)
    _vectorise(SearchEntry.objects.filter(pk=entry.pk))
    return True


def unindex(ix: Indexer, pk: int) -> None:
    from .models import SearchEntry

    SearchEntry.objects.filter(kind=ix.kind, object_id=pk).delete()


def reindex(school_id: int | None = None, kinds: list[str] | None = None, *, batch: int = 500) -> dict[str, int]:
    """Rebuild the entries of one school (or every school), of some kinds (or all): {kind: entries written}.
    Each kind is replaced in one transaction, written in batches."""
    from . import segment
    from .models import SearchEntry

    segment.sync_words()
    counts = {}
    for ix in indexers():
        if kinds and ix.kind not in kinds:
            continue
        qs = ix.queryset()
        if school_id is not None:
            qs = qs.filter(**ix.school_filter(school_id))
        written = 0
        with transaction.atomic():
            old = SearchEntry.objects.filter(kind=ix.kind)
            if school_id is not None:
                old = old.filter(school_id=school_id)
            old.delete()
            rows = []
            for obj in qs.order_by("pk").iterator(chunk_size=batch):
                values = entry_values(ix, obj)
                if values is None:
                    continue
                rows.append(SearchEntry(kind=ix.kind, object_id=obj.pk, **values))
                if len(rows) >= batch:
                    written += len(SearchEntry.objects.bulk_create(rows))
                    rows = []
            written += len(SearchEntry.objects.bulk_create(rows))
            fresh = SearchEntry.objects.filter(kind=ix.kind)
            _vectorise(fresh if school_id is None else fresh.filter(school_id=school_id))
        counts[ix.kind] = written
    from .db import analyze

    analyze()
    return counts


def on_save(sender, instance, raw=False, **kwargs) -> None:
    """post_save of an indexed model: its entry follows. A failure is logged, never the app's save's failure
    (`python -m xinhuo reindex` repairs it)."""
    if raw:
        return
    for ix in for_model(sender):
        try:
            with transaction.atomic():
                index_object(ix, instance)
        except Exception:
            logger.exception("search: could not index %s %s", ix.kind, instance.pk)


def on_delete(sender, instance, **kwargs) -> None:
    for ix in for_model(sender):
        try:
            with transaction.atomic():
                unindex(ix, instance.pk)
        except Exception:
            logger.exception("search: could not remove %s %s", ix.kind, instance.pk)
