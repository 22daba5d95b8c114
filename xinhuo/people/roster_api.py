"""Roster import and export over the API (ORG-4): the services and rules of the pages.

POST a workbook as the multipart field `file` to `roster/validate/` (check only) or `roster/import/`
(all or nothing, run at once whatever the size); GET `roster/export/` for the workbook."""

from __future__ import annotations

import io

from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin
from xinhuo.core.excel import XLSX, xlsx_response
from xinhuo.core.params import query_id

from . import roster, selectors, services


class RosterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The roster workbook (.xlsx), in the import template's format.")


class RosterErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Excel row number; null for the file as a whole.")
    column = serializers.CharField(help_text="The column's header, e.g. 身份证号.")
    code = serializers.CharField(help_text="A stable code, e.g. id_card_checksum.")
    message = serializers.CharField(help_text="What is wrong and what to do, in Chinese.")


class RosterReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    summary = serializers.DictField(help_text="Rows read; students, guardians and links to create, update or keep; "
                                              "classes to create.")
    errors = RosterErrorSerializer(many=True)  # type: ignore[assignment]  # the answer's key, for the schema


def _upload(request):
    return request.FILES.get("file") if hasattr(request, "FILES") else None


def _no_file() -> Response:
    """A 400 in the report's own shape (what the schema declares), naming the missing field; `file` as well, as
    DRF's validation error put it before."""
    message = _("Upload the roster workbook as the multipart field “file”.")
    return Response({"ok": False, "summary": {}, "file": [message],
                     "errors": [{"row": None, "column": "file", "code": "no_file", "message": message}]},
                    status=status.HTTP_400_BAD_REQUEST)


def _report(report) -> dict:
    return {"ok": report.ok, "summary": report.summary(), "errors": report.errors_as_dicts()}


class RosterValidateView(ActorMixin, APIView):
    capability = "roster.import"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": RosterUploadSerializer},
                   responses={200: RosterReportSerializer, 400: RosterReportSerializer})
    def post(self, request):
        """Check a workbook and say what an import would do; nothing is written."""
        upload = _upload(request)
        if upload is None:
            return _no_file()
        report = services.roster_validate(actor=self.actor, path_or_file=upload)
        return Response(_report(report))


class RosterImportView(ActorMixin, APIView):
    capability = "roster.import"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": RosterUploadSerializer},
                   responses={200: RosterReportSerializer, 400: RosterReportSerializer})
    def post(self, request):
        """Import a workbook all or nothing: with any error the answer is 400 with every problem, and nothing
        is written."""
        upload = _upload(request)
        if upload is None:
            return _no_file()
        try:
            report = services.roster_import(actor=self.actor, path_or_file=upload, request=request,
                                            source="api")
        except roster.RosterInvalid as exc:
            return Response(_report(exc.report), status=status.HTTP_400_BAD_REQUEST)
        return Response(_report(report))


class RosterExportView(ActorMixin, APIView):
    capability = "roster.export"

    @extend_schema(parameters=[OpenApiParameter("class", int, description="Only this class (its id).")],
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The roster workbook.")})
    def get(self, request):
        """The roster of the students you may see, in the import template's format; masked unless your role
        sees full values. Logged in the access log."""
        chosen = None
        class_id = query_id(request.query_params, "class")
        if class_id:
            chosen = selectors.roster_classes(self.actor).filter(pk=class_id).first()
            if chosen is None:
                raise Http404
        buf = io.BytesIO()
        services.roster_export(actor=self.actor, out=buf, school_class=chosen.pk if chosen else None,
                               request=request)
        label = str(chosen) if chosen else self.actor.school.name
        return xlsx_response(buf, f"学生名册-{label}-{timezone.localdate():%Y%m%d}.xlsx")


# mounted under /api/v1/ (manifest.py)
api_paths = [
    path("roster/validate/", RosterValidateView.as_view(), name="roster-validate"),
    path("roster/import/", RosterImportView.as_view(), name="roster-import"),
    path("roster/export/", RosterExportView.as_view(), name="roster-export"),
]
