"""The archive over the API (/api/v1/governance/archives/...): the catalogue (filters year, category, status, q) and
a record, as the pages show them to the committee and, of the receipts, to finance. Read only; files are downloaded
from the record's page URL (file_url), which checks access and logs personal records."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import query_id
from xinhuo.core.services import access_log_record

from . import selectors
from .models import ArchiveCategory, ArchiveRecord, RecordStatus
from .rules import PERSONAL_CATEGORIES

PATHS: list = []


class ArchiveRecordSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    retention_label = serializers.CharField(source="get_retention_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    file_url = serializers.SerializerMethodField(help_text="The file's download page; null without a file.")

    class Meta:
        model = ArchiveRecord
        fields = ["id", "number", "year", "category", "category_label", "title", "keywords", "dated", "retention",
                  "retention_label", "keep_until", "status", "status_label", "file_name", "file_url", "filed_at"]
        read_only_fields = fields

    def get_file_url(self, obj) -> str | None:
        return reverse("governance:archives-record-file", args=[obj.pk]) if obj.file else None


class ArchiveRecordViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The archive's catalogue: the committee's every record, finance's receipts and accounts."""

    queryset = ArchiveRecord.objects.none()
    capability = "governance.archives.view"
    serializer_class = ArchiveRecordSerializer

    def get_queryset(self):
        p = self.request.query_params
        if self.action != "list":
            return selectors.records(self.actor)
        return selectors.catalogue(self.actor, year=query_id(p, "year"), category=p.get("category", ""),
                                   status=p.get("status", ""), q=p.get("q", "")[:50])

    @extend_schema(parameters=[
        OpenApiParameter("year", int), OpenApiParameter("category", str, enum=ArchiveCategory.values),
        OpenApiParameter("status", str, enum=RecordStatus.values), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if record.category in PERSONAL_CATEGORIES:
            access_log_record(self.actor, "view", "archive_record", record.pk, request=request, detail={"api": True})
        return super().retrieve(request, *args, **kwargs)
