"""What the one search box (RES-2) finds of the school history: each item by its title, story, theme and
contributors, with its year. The part's own scope (selectors.visible_q) decides who finds which."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from xinhuo.library.search.indexing import Document, Indexer


class HistoryIndexer(Indexer):
    kind = "history"
    label = _("School history")
    model = "library.HistoryItem"
    capability = "library.history.view"
    order = 60

    def queryset(self):
        return super().queryset().prefetch_related("contributors")

    def document(self, obj) -> Document:
        with translation.override("zh-hans"):
            tags = (str(obj.get_kind_display()), str(obj.get_theme_display()))
        names = tuple(u.display_name for u in obj.contributors.all())
        return Document(title=obj.title, body=obj.story, url=reverse("library:history-detail", args=[obj.pk]),
                        tags=tags, year=obj.year, names=names)

    def visible(self, actor):
        from .models import HistoryItem
        from .selectors import visible_q

        return HistoryItem.objects.filter(visible_q(actor), school=actor.school).values("pk")


INDEXER = HistoryIndexer()
