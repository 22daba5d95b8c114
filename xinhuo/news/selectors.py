"""Reads of the news: published items for everyone, drafts for the committee (mirrors rules.view_news)."""

from __future__ import annotations

from django.db.models import QuerySet

from xinhuo.core.access import Actor

from .models import NewsItem, NewsStatus


def news(actor: Actor, *, drafts: bool = False) -> QuerySet[NewsItem]:
    qs = NewsItem.objects.filter(school=actor.school).select_related("activity")
    if not actor.can("news.manage"):
        return qs.filter(status=NewsStatus.PUBLISHED)
    return qs.filter(status=NewsStatus.DRAFT) if drafts else qs


def news_of_activity(activity) -> QuerySet[NewsItem]:
    """The news made from an activity, drafts included: its organiser sees what became of their "publish as news"."""
    return NewsItem.objects.filter(activity=activity)
