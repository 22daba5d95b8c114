"""News (ACT-5's "publish as news"): a draft from a summarised activity, the committee told, edit and publish."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.core.models import Notification
from xinhuo.news import selectors, services
from xinhuo.news.models import NewsItem, NewsStatus


def test_a_draft_from_a_summarised_activity_tells_the_committee(world):
    activity = h.make(world, "敬老院慰问演出", status=ActivityStatus.SUMMARISED, summary="为老人表演节目",
                      participants=42)
    item = services.news_draft_from_activity(actor=world.actor("head_teacher_a"), activity=activity)
    assert item.status == NewsStatus.DRAFT and "为老人表演节目" in item.body and "42" in item.body
    told = set(Notification.objects.filter(link=f"/news/{item.pk}/").values_list("recipient__username", flat=True))
    assert told == {"director", "leader"}
    again = services.news_draft_from_activity(actor=world.actor("head_teacher_a"), activity=activity)
    assert again.pk == item.pk and NewsItem.objects.count() == 1


def test_no_news_before_the_summary_and_nothing_written(world):
    with pytest.raises(ValidationError):
        services.news_draft_from_activity(actor=world.actor("head_teacher_a"), activity=h.published(world))
    assert not NewsItem.objects.exists()


def test_drafts_for_the_committee_published_for_everyone(world):
    item = services.news_create(actor=world.actor("leader"), title="学雷锋月总结", body="全校参与")
    assert list(selectors.news(world.actor("student_x"))) == []
    with pytest.raises(Http404):
        services.news_publish(actor=world.actor("head_teacher_a"), item=item)
    services.news_publish(actor=world.actor("director"), item=item)
    assert list(selectors.news(world.actor("student_x"))) == [item]
    with pytest.raises(ValidationError):
        services.news_publish(actor=world.actor("director"), item=item)
    with pytest.raises(ValidationError) as refused:
        services.news_update(actor=world.actor("leader"), item=item, title="", body="x")
    assert "title" in refused.value.message_dict
    item.refresh_from_db()
    assert item.title == "学雷锋月总结"
