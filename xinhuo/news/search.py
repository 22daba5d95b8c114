"""What the one search box (library.search, RES-2) finds of the news: the published items, by title, text and
author. A draft is not in the index (unpublishing removes it); the news' own selector scopes the rest."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xinhuo.library.search.indexing import Document, Indexer


class NewsIndexer(Indexer):
    kind = "news"
    label = _("News")
    model = "news.NewsItem"
    capability = "news.view"
    order = 200

    def queryset(self):
        return super().queryset().select_related("created_by")

    def document(self, obj) -> Document | None:
        from .models import NewsStatus

        if obj.status != NewsStatus.PUBLISHED:
            return None
        author = obj.created_by.display_name if obj.created_by_id else ""
        when = obj.published_at or obj.created_at
        return Document(title=obj.title, body=obj.body, url=reverse("news:detail", args=[obj.pk]),
                        year=when.year, names=(author,) if author else ())

    def visible(self, actor):
        from .models import NewsStatus
        from .selectors import news

        return news(actor).filter(status=NewsStatus.PUBLISHED).values("pk")


NEWS = NewsIndexer()
