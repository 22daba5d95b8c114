"""The news app's access-matrix cases; test_access_matrix adds them."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k
from xinhuo.news.models import NewsItem

WRITERS = {"director", "leader"}  # and department heads (no such persona in the matrix)


def item(w, status="published") -> NewsItem:
    n, _ = NewsItem.objects.get_or_create(school=w.school, title=f"新闻 {status}",
                                          defaults={"body": "学雷锋活动圆满结束", "status": status})
    return n


CASES: list = [
    Case("news:new", WRITERS | {"outsider"}),  # the other school's director writes there
    Case("news:detail", EVERYONE - {"outsider"}, kwargs=k(pk=lambda w, e: item(w).pk)),
    Case("news:detail", WRITERS, kwargs=k(pk=lambda w, e: item(w, "draft").pk)),
    Case("news:edit", WRITERS, kwargs=k(pk=lambda w, e: item(w, "draft").pk)),
    Case("news:publish", WRITERS, ok=302, method="post", kwargs=k(pk=lambda w, e: item(w, "draft").pk)),
    Case("api:news-list", EVERYONE, api=True),
    Case("api:news-detail", EVERYONE - {"outsider"}, kwargs=k(pk=lambda w, e: item(w).pk), api=True),
    Case("api:news-detail", WRITERS, kwargs=k(pk=lambda w, e: item(w, "draft").pk), api=True),
]
