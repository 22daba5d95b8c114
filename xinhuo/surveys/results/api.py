"""A survey's statistics over the API (/api/v1/surveys/results/): the same selectors and the same rules as the
pages — the owner and the committee only (else 404), an anonymous survey's groups under 5 hidden, never a name.

list: the surveys whose results the caller may see, with their response counts. retrieve: the statistics, with
the filters ?audience=, ?grade= and (named surveys) ?class=, and the response rates."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin

from ..models import Survey
from . import selectors
from .selectors import Filters


class ResultListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Survey
        fields = ["id", "title", "version", "purpose", "anonymous", "status", "status_label", "opens_at", "closes_at",
                  "response_count"]


class RateSerializer(serializers.Serializer):
    audience = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    group = serializers.CharField(help_text="Empty for the audience as a whole, else a class.")
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    pct = serializers.FloatField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    anonymous = serializers.BooleanField()
    response_count = serializers.IntegerField()
    total = serializers.IntegerField(help_text="Responses within the filters.")
    hidden = serializers.BooleanField(help_text="Anonymous and too few responses (under 5): nothing is shown.")
    why = serializers.CharField()
    questions = serializers.ListField(child=serializers.DictField(), help_text=(
        "Per question: key, kind, text, n, hidden; then by kind options [{label, count, pct}] (single, "
        "multiple), scale [{value, label, count, pct}] and mean (likert, rating), rows [{label, n, mean, counts, "
        "pcts}] (matrix), options [{label, mean_place, first}] (ranking), mean/min/max/median (number), months "
        "(date), count (text)."))
    rates = RateSerializer(many=True)


FILTERS = [OpenApiParameter("audience", str, description="student, parent, elder or teacher"),
           OpenApiParameter("grade", int), OpenApiParameter("class", int, description="Named surveys only.")]


class ResultViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    capability = "surveys.create"
    lookup_value_regex = r"\d+"
    serializer_class = ResultListSerializer
    queryset = Survey.objects.none()

    def get_queryset(self):
        return selectors.result_list(self.actor)

    @extend_schema(responses=StatisticsSerializer, parameters=FILTERS)
    def retrieve(self, request, *args, **kwargs):
        survey = selectors.results_survey(self.actor, kwargs["pk"])
        stats = selectors.statistics(survey, Filters.from_query(survey, request.query_params))
        rates = [{"audience": r.audience, "label": r.label, "group": r.group, "invited": r.invited,
                  "answered": r.answered, "pct": r.pct} for r in selectors.response_rates(survey)]
        data = {"id": survey.pk, "title": str(survey), "anonymous": survey.anonymous,
                "response_count": survey.response_count, **stats.as_dict(), "rates": rates}
        return Response(StatisticsSerializer(data).data)
