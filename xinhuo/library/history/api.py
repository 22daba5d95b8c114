"""The school history over the API (/api/v1/library/history/): the items the caller sees (filters theme, kind,
decade), scoped as the timeline is; files stream from the item's page URL (file_url). The committee and the
curator elders add items (multipart, with the file), through the same service as the page."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import ID_MAX, query_id

from . import selectors, services
from .models import HistoryItem, HistoryKind, HistoryStatus, HistoryTheme
from .rules import can


class HistoryItemSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    theme_label = serializers.CharField(source="get_theme_display", read_only=True)
    contributors = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(help_text="The file's address; null without a file.")
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = HistoryItem
        fields = ["id", "kind", "kind_label", "title", "year", "date", "theme", "theme_label", "story",
                  "contributors", "file_name", "size", "file_url", "page_url", "status", "created_at", "updated_at"]
        read_only_fields = fields

    def get_contributors(self, obj) -> list[str]:
        return [u.display_name for u in obj.contributors.all()]

    def get_file_url(self, obj) -> str | None:
        return reverse("library:history-file", args=[obj.pk]) if obj.file else None

    def get_page_url(self, obj) -> str:
        return reverse("library:history-detail", args=[obj.pk])


class HistoryItemWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HistoryKind.choices)
    title = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=1800, max_value=2100)
    date = serializers.DateField(required=False, allow_null=True, default=None)
    theme = serializers.ChoiceField(choices=HistoryTheme.choices)
    story = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    contributors = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX),
                                         required=False, default=list, max_length=50,
                                         help_text="User ids: curator elders or the committee")
    upload = serializers.FileField(required=False, allow_null=True, default=None,
                                   help_text="The photo, document or recording (by the kind)")
    status = serializers.ChoiceField(choices=HistoryStatus.choices, default=HistoryStatus.DRAFT)


class HistoryItemViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """The school's history items the caller sees (published; drafts for the committee and their contributors),
    oldest first."""

    queryset = HistoryItem.objects.none()
    capability = "library.history.view"
    serializer_class = HistoryItemSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.item_list(self.actor, theme=p.get("theme", ""), kind=p.get("kind", ""),
                                   decade=query_id(p, "decade"))

    def get_object(self):
        item = super().get_object()
        if not can(self.actor, "view_item", item):
            raise Http404
        return item

    @extend_schema(parameters=[OpenApiParameter("theme", str, enum=HistoryTheme.values),
                               OpenApiParameter("kind", str, enum=HistoryKind.values),
                               OpenApiParameter("decade", int, description="1950: the years 1950 to 1959")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": HistoryItemWriteSerializer},
                   responses={201: HistoryItemSerializer})
    def create(self, request, *args, **kwargs):
        """Add an item (the committee; an elder holding the school-history curator role)."""
        if not can(self.actor, "create_item"):
            raise Http404
        body = HistoryItemWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.item_save(actor=self.actor, **body.validated_data)
        return Response(HistoryItemSerializer(item, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
