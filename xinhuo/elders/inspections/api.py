"""Inspection reports over the API (photos by multipart on create). Same selectors, services and
rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateField, IdField

from ..models import Elder, Inspection, InspectionStep
from ..rules import can
from . import selectors, services


class InspectionStepSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.display_name", default=None)

    class Meta:
        model = InspectionStep
        fields = ["status", "comment", "by", "at"]


class InspectionSerializer(serializers.ModelSerializer):
    inspector = serializers.CharField(source="inspector.name")
    photos = serializers.SerializerMethodField(help_text="URLs of the photos; each answers only to those who may "
                                                         "see the report.")

    class Meta:
        model = Inspection
        fields = ["id", "kind", "place", "date", "findings", "severity", "status", "inspector", "inspector_id",
                  "created_at", "photos"]

    def get_photos(self, obj) -> list[str]:
        return [reverse("elders:inspection-photo", args=[p.pk]) for p in obj.photos.all()]


class InspectionDetailSerializer(InspectionSerializer):
    steps = InspectionStepSerializer(many=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "steps"]


class InspectionCreateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    place = serializers.CharField(allow_blank=True, max_length=200)
    date = BoundedDateField()
    findings = serializers.CharField(allow_blank=True)
    severity = serializers.CharField(required=False, default=Inspection.Severity.LOW)
    inspector = IdField(required=False, allow_null=True,
                                         help_text="The committee files for an inspector (an elder's id); an "
                                                   "inspector files as themself.")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                   help_text="JPEG, PNG or WebP, at most 10 of 10 MB each (multipart).")


class InspectionViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Inspection reports: the committee sees all, an elder their own; inspectors and the committee file."""

    queryset = Inspection.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "inspections.view"
    object_type = "inspection"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_serializer_class(self):
        if self.action == "create":
            return InspectionCreateSerializer
        return InspectionDetailSerializer if self.action == "retrieve" else InspectionSerializer

    def get_queryset(self):
        p = self.request.query_params
        qs = selectors.inspection_list(self.actor, kind=p.get("kind", ""), severity=p.get("severity", ""),
                                       status=p.get("status", ""), q=p.get("q", ""))
        return qs.prefetch_related("photos", "steps__by")

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("severity", str),
                               OpenApiParameter("status", str), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": InspectionCreateSerializer},
                   responses={201: InspectionDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not can(self.actor, "file_inspection"):
            raise Http404
        body = InspectionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        inspector_id = d.pop("inspector", None)
        inspector = None
        if inspector_id is not None and self.actor.can("elders.manage"):
            inspector = Elder.objects.filter(school=self.actor.school, pk=inspector_id).first()
            if inspector is None:
                raise serializers.ValidationError({"inspector": _("Choose the inspector who made the report.")})
        photos = request.FILES.getlist("photos") if hasattr(request, "FILES") else d.get("photos", [])
        d["photos"] = photos
        report = services.inspection_file(actor=self.actor, inspector=inspector, **d)
        report = selectors.inspection_detail(self.actor, report.pk)
        return Response(InspectionDetailSerializer(report).data, status=status.HTTP_201_CREATED)
