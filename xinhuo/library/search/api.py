"""The one search box over the API: GET /api/v1/library/search/?q=&kind=&year=&tag=&page= — the same selector
as the page, so the same scoping (each kind's items the actor may see, before ranking and counting)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin

from . import selectors
from .rules import SEARCH
from .views import search_params


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title, HTML-escaped, matched words in <mark>.")
    snippet_html = serializers.CharField(help_text="A part of the text around the match, escaped, words in <mark>.")
    tags = serializers.ListField(child=serializers.CharField())
    year = serializers.IntegerField(allow_null=True)


class SearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    all_words = serializers.BooleanField(help_text="False: no item had every word; items with some are given.")
    kinds = serializers.DictField(child=serializers.CharField(), help_text="The kinds the actor may search.")
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Matches the actor may see per kind, whatever the kind filter.")
    results = SearchHitSerializer(many=True)


class SearchPagination(PageNumberPagination):
    page_size = 20


class SearchView(ActorMixin, APIView):
    """Search the school's activities, news, resources, plans and minutes the actor may see, best first."""

    capability = SEARCH

    @extend_schema(parameters=[OpenApiParameter("q", str, required=True), OpenApiParameter("kind", str),
                               OpenApiParameter("year", int), OpenApiParameter("tag", str),
                               OpenApiParameter("page", int)],
                   responses=SearchResultSerializer)
    def get(self, request):
        p = search_params(request.query_params)
        found = selectors.search(self.actor, p.pop("question"), **p)
        pager = SearchPagination()
        entries: list = pager.paginate_queryset(found.results, request, view=self) or []  # type: ignore[arg-type]
        return Response(SearchResultSerializer({
            "count": pager.page.paginator.count if pager.page else 0,
            "next": pager.get_next_link(), "previous": pager.get_previous_link(), "all_words": found.strict,
            "kinds": found.labels, "counts": found.counts, "results": selectors.decorate(found, entries)}).data)


PATHS: list = [path("library/search/", SearchView.as_view(), name="library-search")]
