"""News over the API: what is published (and the drafts, for the committee). Same selector as the pages."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from xinhuo.core.api import ActorMixin

from . import selectors
from .models import NewsItem


class NewsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NewsItem
        fields = ["id", "title", "body", "status", "activity", "consent_checked", "published_at", "created_at"]
        read_only_fields = fields


class NewsViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = NewsItem.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = NewsSerializer
    capability = "news.view"

    def get_queryset(self):
        return selectors.news(self.actor)
