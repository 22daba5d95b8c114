"""The population's aggregates over the API (/api/v1/evaluation/profiles/population/): the page's figures, every
hidden count as null. Read only; the same selector and rules as the page."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin
from xinhuo.core.services import access_log_record

from . import selectors


class PopulationView(ActorMixin, APIView):
    """The special-group population of the school: by group and grade, class and group, needs and support,
    outcomes, by month; the screening bands for counsellors. Counts under 5 (and those that would give one away
    by subtraction) are null."""

    capability = "evaluation.profiles.view"

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        p = selectors.population(self.actor)
        access_log_record(self.actor, "view", "evaluation_population", detail={"api": True}, request=request)
        return Response(p.as_dict())


PATHS: list = [
    path("evaluation/profiles/population/", PopulationView.as_view(), name="evaluation-profiles-population"),
]
