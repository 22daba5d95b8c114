"""Supervision over the API (/api/v1/governance/supervision/...): inspections with their checklist (the committee),
rectification items (one's own, or all for the committee and the leading group) with the owner's evidence
(multipart) and the committee's verification, and accountability records (the leading group's; anyone else 404).
The same selectors, services and rules as the pages."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin

from . import selectors, services
from .models import Accountability, ChecklistItem, Inspection, Rectification, RectificationStatus
from .rules import can, sees_accountability

PATHS: list = []


def marks(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=6, decimal_places=1, **kwargs)


class SupervisionChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "text", "max_score", "score", "finding"]
        read_only_fields = fields


class SupervisionInspectionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    full = marks(read_only=True, default=None)
    score = marks(read_only=True, default=None)
    percent = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "kind", "kind_label", "title", "held_on", "inspectors", "status", "full", "score",
                  "percent"]
        read_only_fields = fields

    def get_percent(self, obj) -> str | None:
        value = selectors.percent_of(obj)
        return None if value is None else f"{value:.1f}"


class SupervisionInspectionDetailSerializer(SupervisionInspectionSerializer):
    items = serializers.SerializerMethodField()

    class Meta(SupervisionInspectionSerializer.Meta):
        fields = [*SupervisionInspectionSerializer.Meta.fields, "summary", "items"]
        read_only_fields = fields

    def get_items(self, obj) -> list[dict]:
        return SupervisionChecklistItemSerializer(selectors.checklist(obj), many=True).data  # type: ignore[return-value]


class InspectionViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The school's inspections with their totals (the committee); the detail with the checklist."""

    queryset = Inspection.objects.none()
    capability = "governance.supervision.manage"
    object_type = "supervision_inspection"

    def get_queryset(self):
        return selectors.inspections(self.actor)

    def get_serializer_class(self):
        return SupervisionInspectionDetailSerializer if self.action == "retrieve" else SupervisionInspectionSerializer


class SupervisionRectificationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner_name = serializers.SerializerMethodField()
    inspection_title = serializers.CharField(source="inspection.title", read_only=True)
    overdue = serializers.BooleanField(read_only=True, default=False)
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = ["id", "inspection", "inspection_title", "problem", "measure", "owner", "owner_name", "due_on",
                  "status", "status_label", "overdue", "evidence", "has_evidence_file", "closed_at"]
        read_only_fields = fields

    def get_owner_name(self, obj) -> str:
        return obj.owner.display_name if obj.owner else ""

    def get_has_evidence_file(self, obj) -> bool:
        return bool(obj.evidence_file)


class SupervisionEvidenceSerializer(serializers.Serializer):
    evidence = serializers.CharField(max_length=4000)
    file = serializers.FileField(required=False, allow_null=True, default=None)


class SupervisionVerifySerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.VERIFY_ACTIONS))
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RectificationViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """Rectification items: one's own (`mine=1`), or every item for the committee and the leading group; overdue
    first. POST submit/ (the owner, multipart: evidence and an optional file), POST step/ (the committee: close,
    return or fail, with a comment)."""

    queryset = Rectification.objects.none()
    capability = "governance.supervision.view"
    object_type = "supervision_rectification"
    serializer_class = SupervisionRectificationSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.rectification_list(self.actor, status=p.get("status", ""), mine=p.get("mine") == "1",
                                            overdue=p.get("overdue") == "1")

    def get_object(self):
        return selectors.rectification_detail(self.actor, self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=RectificationStatus.values),
                               OpenApiParameter("mine", str, enum=["1"]), OpenApiParameter("overdue", str, enum=["1"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _answer(self, item: Rectification) -> Response:
        return Response(SupervisionRectificationSerializer(selectors.rectification_detail(self.actor, item.pk)).data)

    @extend_schema(request={"multipart/form-data": SupervisionEvidenceSerializer},
                   responses=SupervisionRectificationSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def submit(self, request, pk=None):
        item = self.get_object()
        if not can(self.actor, "submit_rectification", item):
            raise Http404
        body = SupervisionEvidenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.rectification_submit(actor=self.actor, rectification=item, **body.validated_data)
        return self._answer(item)

    @extend_schema(request=SupervisionVerifySerializer, responses=SupervisionRectificationSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        self.actor.require("governance.supervision.manage")
        item = self.get_object()
        body = SupervisionVerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.rectification_step(actor=self.actor, rectification=item, **body.validated_data)
        return self._answer(item)


class SupervisionAccountabilitySerializer(serializers.ModelSerializer):
    problem = serializers.CharField(source="rectification.problem", read_only=True)

    class Meta:
        model = Accountability
        fields = ["id", "rectification", "problem", "person", "person_name", "decided_on", "measure", "reason"]
        read_only_fields = fields


class AccountabilityViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Accountability records: the leading group only; anyone else, the director included, gets 404."""

    queryset = Accountability.objects.none()
    capability = "governance.supervision.view"
    object_type = "supervision_accountability"
    serializer_class = SupervisionAccountabilitySerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not sees_accountability(self.actor):
            raise Http404

    def get_queryset(self):
        return selectors.accountabilities(self.actor)
