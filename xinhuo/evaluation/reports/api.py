"""The year-end report over the API (/api/v1/evaluation/reports/...), for the committee only (the same selectors,
rules and services as the pages; anyone else 404): list and read (with the generation's progress), start a
generation (POST, `school_year`; again with `overwrite` when sections were edited), edit a section (PATCH
`sections/` with `key` and `text`, or `reset`), finalise, submit, and download the Word and PDF files."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import IdField
from xinhuo.core.web import stream_file

from . import selectors, services
from .models import YearReport
from .rules import CAPABILITY

PATHS: list = []


class YearReportSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    school_year_name = serializers.CharField(source="school_year.name", read_only=True)

    class Meta:
        model = YearReport
        fields = ["id", "title", "school_year", "school_year_name", "status", "status_label", "progress", "error",
                  "created_at", "finalised_at", "submitted_at"]
        read_only_fields = fields


class YearReportDetailSerializer(YearReportSerializer):
    sections = serializers.JSONField(read_only=True, help_text="The sections as edited: key, heading, text, tables, "
                                                               "charts (core.charts specs).")
    edited = serializers.SerializerMethodField()

    class Meta(YearReportSerializer.Meta):
        fields = [*YearReportSerializer.Meta.fields, "sections", "edited"]
        read_only_fields = fields

    def get_edited(self, obj) -> list[str]:
        return sorted(selectors.edited_keys(obj))


class StartSerializer(serializers.Serializer):
    school_year = IdField()
    overwrite = serializers.BooleanField(default=False)


class SectionSerializer(serializers.Serializer):
    key = serializers.SlugField(max_length=20)
    text = serializers.CharField(required=False, allow_blank=True, max_length=services.TEXT_MAX)
    reset = serializers.BooleanField(default=False)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BINARY = OpenApiResponse(OpenApiTypes.BINARY, description="The file.")


class YearReportViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The school's year-end reports (the committee's)."""

    queryset = YearReport.objects.none()
    capability = CAPABILITY

    def get_queryset(self):
        return selectors.reports(self.actor)

    def get_serializer_class(self):
        return YearReportDetailSerializer if self.action != "list" else YearReportSerializer

    @extend_schema(request=StartSerializer, responses={202: YearReportSerializer})
    def create(self, request):
        body = StartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        year = selectors.year_choices(self.actor).filter(pk=body.validated_data["school_year"]).first()
        if year is None:
            raise Http404
        report = services.report_start(actor=self.actor, school_year=year,
                                       overwrite=body.validated_data["overwrite"])
        report.refresh_from_db()
        return Response(YearReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=SectionSerializer, responses=YearReportDetailSerializer)
    @action(detail=True, methods=["patch"])
    def sections(self, request, pk=None):
        report = self.get_object()
        body = SectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["reset"]:
            report = services.section_reset(actor=self.actor, report=report, key=data["key"])
        else:
            report = services.section_edit(actor=self.actor, report=report, key=data["key"],
                                           text=data.get("text", ""))
        return Response(YearReportDetailSerializer(report).data)

    @extend_schema(request=None, responses=YearReportSerializer)
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        report = services.report_finalise(actor=self.actor, report=self.get_object())
        return Response(YearReportSerializer(report).data)

    @extend_schema(request=None, responses=YearReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = services.report_submit(actor=self.actor, report=self.get_object())
        return Response(YearReportSerializer(report).data)

    @extend_schema(responses={(200, DOCX): BINARY})
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        report = self.get_object()
        if not report.docx:
            raise Http404
        return stream_file(report.docx, download_name=report.docx_name)

    @extend_schema(responses={(200, "application/pdf"): BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        report = self.get_object()
        if not report.pdf:
            raise Http404
        return stream_file(report.pdf, download_name=report.pdf_name)
