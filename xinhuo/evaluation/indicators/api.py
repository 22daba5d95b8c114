"""Indicators over the API (/api/v1/evaluation/...): the committee reads the system, a period's figures and the
snapshots, and edits the system with the same services and the same validation as the pages (a change that leaves
a level's weights not adding up to 100 is refused: change a whole level at once with `weights/` or
`{id}/indicators/`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import query_id

from . import selectors, services
from .models import Dimension, Indicator, Period, Snapshot

PATHS: list = []


def refused(exc: ValidationError) -> DRFValidationError:
    return DRFValidationError({"detail": exc.messages})


class EvaluationIndicatorSerializer(serializers.ModelSerializer):
    dimension_code = serializers.CharField(source="dimension.code", read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "code", "formula", "dimension", "dimension_code", "name", "target", "weight", "bands",
                  "active", "order"]
        read_only_fields = ["id", "code", "formula", "dimension", "dimension_code", "order"]


class EvaluationIndicatorPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    target = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    bands = serializers.JSONField(required=False)
    active = serializers.BooleanField(required=False)


class EvaluationDimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "code", "name", "weight", "order"]
        read_only_fields = ["id", "code", "name", "order"]


class EvaluationFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    dimension_code = serializers.CharField()
    dimension_name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    dimension_weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    from_snapshot = serializers.BooleanField()


class EvaluationFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    period = serializers.ChoiceField(choices=Period.choices)
    total = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    rows = EvaluationFigureSerializer(many=True)


class EvaluationSnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Snapshot
        fields = ["id", "school_year", "year_name", "period", "indicator_code", "dimension_code", "name",
                  "dimension_name", "unit", "value", "numerator", "denominator", "target", "score", "weight",
                  "dimension_weight", "taken_at"]
        read_only_fields = fields


class LevelSerializer(serializers.Serializer):
    weights = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2))


class IndicatorLevelSerializer(serializers.Serializer):
    changes = serializers.DictField(child=EvaluationIndicatorPatchSerializer())


def _ids(data: dict) -> dict[int, object]:
    out = {}
    for key, value in data.items():
        pk = query_id({"id": key}, "id")
        if pk is None:
            raise DRFValidationError({"detail": ["An id is missing."]})
        out[pk] = value
    return out


class IndicatorViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The school's indicators (the committee); PATCH one (the committee) with the level's validation; `figures/`
    a period's figures and weighted total."""

    queryset = Indicator.objects.none()
    capability = "evaluation.indicators.view"
    serializer_class = EvaluationIndicatorSerializer

    def get_queryset(self):
        services.indicators_ensure_defaults(self.actor.school)
        return Indicator.objects.filter(school=self.actor.school).select_related("dimension").order_by(
            "dimension__order", "order", "pk")

    @extend_schema(request=EvaluationIndicatorPatchSerializer, responses=EvaluationIndicatorSerializer)
    def partial_update(self, request, pk=None):
        self.actor.require("evaluation.indicators.manage")
        item = self.get_object()
        body = EvaluationIndicatorPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.indicators_save(actor=self.actor, dimension=item.dimension,
                                     changes={item.pk: dict(body.validated_data)})
        except ValidationError as exc:
            raise refused(exc) from None
        item.refresh_from_db()
        return Response(EvaluationIndicatorSerializer(item).data)

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("period", str, enum=Period.values)],
                   responses=EvaluationFiguresSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def figures(self, request):
        choices = selectors.years(self.actor)
        year = selectors.year_of(self.actor, query_id(request.query_params, "year"), choices)
        period = request.query_params.get("period") or Period.YEAR
        if period not in Period.values:
            raise DRFValidationError({"period": [f"One of {', '.join(Period.values)}."]})
        if year is None:  # a school without a school year yet
            return Response({"year": None, "period": period, "total": None, "rows": []})
        services.indicators_ensure_defaults(self.actor.school)
        rows = selectors.figures(self.actor.school, year, period)
        return Response({"year": year.pk, "period": period, "total": selectors.total_score(rows),
                         "rows": EvaluationFigureSerializer(rows, many=True).data})


class DimensionViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The school's dimensions; `weights/` sets them all at once, `{id}/indicators/` a dimension's indicators at
    once (the committee)."""

    queryset = Dimension.objects.none()
    capability = "evaluation.indicators.view"
    serializer_class = EvaluationDimensionSerializer

    def get_queryset(self):
        services.indicators_ensure_defaults(self.actor.school)
        return Dimension.objects.filter(school=self.actor.school).order_by("order", "pk")

    @extend_schema(request=LevelSerializer, responses=EvaluationDimensionSerializer(many=True))
    @action(detail=False, methods=["post"], pagination_class=None)
    def weights(self, request):
        self.actor.require("evaluation.indicators.manage")
        body = LevelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            dims = services.dimensions_save(actor=self.actor, school=self.actor.school,
                                            weights=_ids(body.validated_data["weights"]))
        except ValidationError as exc:
            raise refused(exc) from None
        return Response(EvaluationDimensionSerializer(dims, many=True).data)

    @extend_schema(request=IndicatorLevelSerializer, responses=EvaluationIndicatorSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None)
    def indicators(self, request, pk=None):
        self.actor.require("evaluation.indicators.manage")
        dimension = self.get_object()
        body = IndicatorLevelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changes: dict[int, dict] = {k: dict(v) for k, v in _ids(body.validated_data["changes"]).items()}  # type: ignore[call-overload]
        try:
            items = services.indicators_save(actor=self.actor, dimension=dimension, changes=changes)
        except ValidationError as exc:
            raise refused(exc) from None
        return Response(EvaluationIndicatorSerializer(items, many=True).data)


class SnapshotViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The school's fixed figures (`year`, `period`)."""

    queryset = Snapshot.objects.none()
    capability = "evaluation.indicators.view"
    serializer_class = EvaluationSnapshotSerializer

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("period", str, enum=Period.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.snapshots(self.actor)
        year = query_id(self.request.query_params, "year")
        if year:
            qs = qs.filter(school_year_id=year)
        period = self.request.query_params.get("period")
        if period in Period.values:
            qs = qs.filter(period=period)
        return qs
