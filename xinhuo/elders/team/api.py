"""The committee's team over the API: awards (as the honour wall shows them), the young teacher reserve and
apprenticeship pairs. The same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateField
from xinhuo.core.services import access_log_record

from ..models import ApprenticeshipPair, Award, Elder, YoungTeacher
from ..rules import can
from . import selectors, services

# --- awards -----------------------------------------------------------------------------------------------


class HonourSerializer(serializers.ModelSerializer):
    """What the honour wall shows, and nothing else of the elder."""

    elder_name = serializers.CharField(source="elder.name", read_only=True)
    category = serializers.CharField(source="elder.category", read_only=True)
    category_label = serializers.CharField(source="elder.get_category_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Award
        fields = ["id", "elder_name", "category", "category_label", "title", "level", "level_label", "awarded_on",
                  "citation"]
        read_only_fields = fields


class AwardCreateSerializer(serializers.Serializer):
    elder = serializers.PrimaryKeyRelatedField(queryset=Elder.objects.all())
    title = serializers.CharField(max_length=100)
    level = serializers.ChoiceField(choices=Award.Level.choices, default=Award.Level.SCHOOL)
    awarded_on = BoundedDateField()
    issuer = serializers.CharField(max_length=100)
    citation = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    on_wall = serializers.BooleanField(required=False, default=True)


class AwardSerializer(HonourSerializer):
    """An award as its creator sees it: with the elder's id, the issuer and the certificate number."""

    class Meta(HonourSerializer.Meta):
        fields = [*HonourSerializer.Meta.fields, "elder", "issuer", "certificate_no", "on_wall"]
        read_only_fields = fields


class ElderAwardViewSet(ActorMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """GET: the honour wall (every role). POST: a new award with the next certificate number (the committee)."""

    queryset = Award.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = HonourSerializer
    capability = "honours.view"

    def get_queryset(self):
        return selectors.honour_wall(self.actor)

    @extend_schema(request=AwardCreateSerializer, responses={201: AwardSerializer})
    def create(self, request, *args, **kwargs):
        if not can(self.actor, "create_award"):
            raise Http404
        body = AwardCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        award = services.award_create(actor=self.actor, **body.validated_data)
        return Response(AwardSerializer(award).data, status=status.HTTP_201_CREATED)


# --- young teachers -----------------------------------------------------------------------------------------


class YoungTeacherSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="staff.name")
    subject = serializers.CharField(source="staff.subject")
    department = serializers.CharField(source="staff.department.name", default=None)
    stage_label = serializers.CharField(source="get_stage_display")
    mentors = serializers.SerializerMethodField()
    participation_hours = serializers.DecimalField(max_digits=7, decimal_places=1, default=Decimal(0),
                                                   read_only=True)

    class Meta:
        model = YoungTeacher
        fields = ["id", "name", "subject", "department", "joined_on", "stage", "stage_label", "active", "mentors",
                  "participation_hours"]
        read_only_fields = fields

    def get_mentors(self, obj) -> list[str]:
        return [m.mentor.name for m in getattr(obj, "active_pairs", [])]


class StageStepSerializer(serializers.Serializer):
    stage = serializers.CharField()
    stage_label = serializers.CharField(source="get_stage_display")
    reached_on = BoundedDateField()
    note = serializers.CharField()


class YoungTeacherDetailSerializer(YoungTeacherSerializer):
    goals = serializers.CharField()
    stage_steps = StageStepSerializer(many=True)

    class Meta(YoungTeacherSerializer.Meta):
        fields = [*YoungTeacherSerializer.Meta.fields, "goals", "stage_steps"]
        read_only_fields = fields

    def get_mentors(self, obj) -> list[str]:
        return [m.mentor.name for m in selectors.young_teacher_pairs(obj) if m.ended_on is None]


class YoungTeacherViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The reserve, scoped like the pages: the committee all; a young teacher their own record; an elder the
    young teachers they mentor."""

    queryset = YoungTeacher.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "young_teachers.view"

    def get_serializer_class(self):
        return YoungTeacherDetailSerializer if self.action == "retrieve" else YoungTeacherSerializer

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.young_teachers(self.actor).prefetch_related("stage_steps")
        p = self.request.query_params
        return selectors.young_teacher_list(self.actor, q=p.get("q", ""), stage=p.get("stage", ""),
                                            active=p.get("active", ""))

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("stage", str),
                               OpenApiParameter("active", str, description="1: in the reserve, 0: left")])
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        access_log_record(self.actor, "search" if request.query_params.get("q") else "list", "young_teacher",
                          request=request, detail={"filters": dict(request.query_params.items()), "api": True,
                                                   "count": response.data.get("count")})
        return response

    def retrieve(self, request, *args, **kwargs):
        yt = self.get_object()
        if not can(self.actor, "view_young_teacher", yt):
            raise Http404
        access_log_record(self.actor, "view", "young_teacher", yt.pk, request=request, detail={"api": True})
        return Response(self.get_serializer(yt).data)


# --- apprenticeship pairs ------------------------------------------------------------------------------------------


class PairSerializer(serializers.ModelSerializer):
    mentor_name = serializers.CharField(source="mentor.name", read_only=True)
    mentee_name = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    overdue_days = serializers.SerializerMethodField()

    class Meta:
        model = ApprenticeshipPair
        fields = ["id", "kind", "kind_label", "mentor", "mentor_name", "mentee_elder", "mentee_teacher",
                  "mentee_name", "started_on", "ended_on", "goals", "contact_every_days", "summary", "overdue_days"]
        read_only_fields = fields

    def get_overdue_days(self, obj) -> int | None:
        return self.context.get("overdue", {}).get(obj.pk)


class PairCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApprenticeshipPair.Kind.choices)
    mentor = serializers.PrimaryKeyRelatedField(queryset=Elder.objects.all())
    mentee_elder = serializers.PrimaryKeyRelatedField(queryset=Elder.objects.all(), required=False, allow_null=True)
    mentee_teacher = serializers.PrimaryKeyRelatedField(queryset=YoungTeacher.objects.all(), required=False,
                                                        allow_null=True)
    started_on = BoundedDateField(required=False, allow_null=True)
    goals = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    contact_every_days = serializers.IntegerField(min_value=1, max_value=365, default=30)


class PairEndSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=2000, allow_blank=True)
    ended_on = BoundedDateField(required=False, allow_null=True)


class ElderPairViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """Apprenticeship pairs, scoped like the pages; the committee creates and ends them through the same services."""

    queryset = ApprenticeshipPair.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = PairSerializer
    capability = "young_teachers.view"

    def get_queryset(self):
        if self.action == "list":
            p = self.request.query_params
            return selectors.apprenticeship_list(self.actor, kind=p.get("kind", ""), state=p.get("state", ""),
                                             q=p.get("q", ""))
        return selectors.apprenticeships(self.actor)

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        if hasattr(self.request, "actor"):
            ctx["overdue"] = selectors.overdue_apprenticeship_ids(self.actor)
        return ctx

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("q", str),
                               OpenApiParameter("state", str, description="active or ended")])
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        access_log_record(self.actor, "search" if request.query_params.get("q") else "list", "apprenticeship",
                          request=request, detail={"filters": dict(request.query_params.items()), "api": True,
                                                   "count": response.data.get("count")})
        return response

    def retrieve(self, request, *args, **kwargs):
        pair = self.get_object()
        if not can(self.actor, "view_apprenticeship", pair):
            raise Http404
        access_log_record(self.actor, "view", "apprenticeship", pair.pk, request=request, detail={"api": True})
        return Response(self.get_serializer(pair).data)

    @extend_schema(request=PairCreateSerializer, responses={201: PairSerializer})
    def create(self, request, *args, **kwargs):
        if not can(self.actor, "create_apprenticeship"):
            raise Http404
        body = PairCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["started_on"] = data.get("started_on") or timezone.localdate()
        pair = services.apprenticeship_create(actor=self.actor, **data)
        return Response(self.get_serializer(pair).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PairEndSerializer, responses=PairSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the pair with a summary (required)."""
        pair = self.get_object()
        if not can(self.actor, "end_apprenticeship", pair):
            raise Http404
        body = PairEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.apprenticeship_end(actor=self.actor, apprenticeship=pair, **body.validated_data)
        return Response(self.get_serializer(pair).data)
