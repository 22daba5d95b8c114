"""The county dashboard over the API (ORG-8), for county members only (404 to every other account):
GET /api/v1/evaluation/county/scores/?year=&period= — the schools' total and dimension scores and the county's
averages; GET /api/v1/evaluation/county/schools/{id}/?year=&period= — one school's indicators and its trend.
The same selectors as the pages."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors


def score(help_text: str = "") -> serializers.DecimalField:
    """A score (0-100, two decimals) as a JSON number; null: no data yet."""
    return serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True, coerce_to_string=False,
                                    help_text=help_text)


class DimensionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    average = score("The county's average over the schools with a score.")


class SchoolScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="school_id")
    name = serializers.CharField()
    code = serializers.CharField()
    total = score()
    rank = serializers.IntegerField(allow_null=True)
    dimensions = serializers.DictField(child=score(),
                                       help_text="Dimension code -> score (null: no data yet).")


class ScoresSerializer(serializers.Serializer):
    county = serializers.CharField(source="county.name")
    years = serializers.ListField(child=serializers.CharField())
    year = serializers.CharField(allow_null=True)
    period = serializers.CharField()
    average_total = score()
    scored_schools = serializers.IntegerField()
    dimensions = DimensionSerializer(many=True)
    schools = SchoolScoreSerializer(many=True)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator_code")
    dimension = serializers.CharField(source="dimension_code")
    name = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False)
    target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False)
    score = score()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)


class TrendSerializer(serializers.Serializer):
    year = serializers.CharField()
    total = score()
    dimensions = serializers.DictField(child=score())


class SchoolDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="school.pk")
    name = serializers.CharField(source="school.name")
    years = serializers.ListField(child=serializers.CharField())
    year = serializers.CharField(allow_null=True)
    period = serializers.CharField()
    total = score()
    indicators = IndicatorSerializer(many=True)
    trend = TrendSerializer(many=True)


PARAMS = [OpenApiParameter("year", str, description="a school year's name, e.g. 2026-2027学年; the latest by default"),
          OpenApiParameter("period", str, enum=["term1", "term2", "year"])]


class CountyScoresView(APIView):
    """The county's schools with their total and dimension scores for a school year and period, and the county's
    averages (stored snapshots only)."""

    @extend_schema(parameters=PARAMS, responses=ScoresSerializer)
    def get(self, request):
        county = selectors.county_of(request.user)
        b = selectors.board(county, request.query_params.get("year"), request.query_params.get("period"))
        return Response(ScoresSerializer(b).data)


class CountySchoolView(APIView):
    """One school of the county: its indicators' figures, targets and scores, and its total per school year."""

    @extend_schema(parameters=PARAMS, responses=SchoolDetailSerializer)
    def get(self, request, pk: int):
        county = selectors.county_of(request.user)
        v = selectors.school_view(county, pk, request.query_params.get("year"), request.query_params.get("period"))
        return Response(SchoolDetailSerializer(v).data)


PATHS: list = [
    path("evaluation/county/scores/", CountyScoresView.as_view(), name="evaluation-county-scores"),
    path("evaluation/county/schools/<int:pk>/", CountySchoolView.as_view(), name="evaluation-county-school"),
]
