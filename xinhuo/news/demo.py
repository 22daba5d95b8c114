"""The demo school's news: an item for each of its latest summarised activities (as "publish as news" drafts
them), most published over the past months, two left as drafts; the public news page and honour wall turned on so
the demo shows them. The second school gets none."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import NewsItem, NewsStatus, PublicitySettings

COUNT = 14


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    from xinhuo.activities import selectors as activity_selectors

    past = list(activity_selectors.activities_of_school(ctx.school)
                .filter(status__in=("summarised", "archived")).order_by("-starts_at", "-pk")[:COUNT])
    rows = []
    for n, activity in enumerate(past):
        when = timezone.localtime(activity.starts_at)
        lines = [f"{when.date().isoformat()} · {activity.place}" if activity.place else when.date().isoformat(),
                 "", activity.summary or f"{activity.title}顺利举行。"]
        if activity.effect:
            lines += ["", activity.effect]
        if activity.participants:
            lines += ["", f"共{activity.participants}人参加。"]
        draft = n < 2  # the two latest still wait for the committee
        rows.append(NewsItem(school=ctx.school, title=activity.title[:100], body="\n".join(lines)[:20000],
                             activity=activity, created_by=ctx.director,
                             created_at=when + dt.timedelta(days=1),
                             status=NewsStatus.DRAFT if draft else NewsStatus.PUBLISHED,
                             published_at=None if draft else when + dt.timedelta(days=2)))
    NewsItem.objects.bulk_create(rows)
    PublicitySettings.objects.update_or_create(school=ctx.school, defaults={
        "news_public": True, "honours_public": True, "updated_by": ctx.director})
    from xinhuo.library.search.indexing import reindex  # bulk_create sends no post_save

    reindex(ctx.school.pk, kinds=["news"])
