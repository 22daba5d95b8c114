"""The work part over the API: matching, assignments, mentor contacts, service hours. The same
selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateField, IdField, query_id
from xinhuo.core.services import access_log_record

from ..models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Elder,
    ElderRole,
    ServiceRecord,
    Specialty,
    Weekday,
)
from . import matching, selectors, services

# --- matching -------------------------------------------------------------------------------------


class MatchQuerySerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ElderRole.choices)
    specialties = serializers.CharField(required=False, allow_blank=True,
                                        help_text="Comma-separated specialty codes, e.g. party_history,law")
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False, allow_null=True)
    start = serializers.TimeField(required=False, allow_null=True)
    end = serializers.TimeField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=Assignment.NeedKind.choices, required=False,
                                   default=Assignment.NeedKind.TASK)

    def validate_specialties(self, value: str) -> list[str]:
        codes = [c.strip() for c in (value or "").split(",") if c.strip()]
        unknown = [c for c in codes if c not in Specialty.values]
        if unknown:
            raise serializers.ValidationError(_("Unknown specialties: %(codes)s") % {"codes": ", ".join(unknown)})
        return codes

    def validate(self, attrs):
        start, end = attrs.get("start"), attrs.get("end")
        if (start or end) and attrs.get("weekday") is None:
            raise serializers.ValidationError({"weekday": _("Choose the weekday of the time window.")})
        if bool(start) != bool(end):
            raise serializers.ValidationError({"end": _("Give both ends of the time window, or neither.")})
        if start and end and end <= start:
            raise serializers.ValidationError({"end": _("The end of the time window must be after its start.")})
        return attrs


class SuggestionSerializer(serializers.Serializer):
    elder_id = serializers.IntegerField(source="elder.pk")
    name = serializers.CharField(source="elder.name")
    score = serializers.IntegerField()
    load = serializers.IntegerField()
    capacity = serializers.IntegerField()
    at_capacity = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    concerns = serializers.ListField(child=serializers.CharField())


class MatchView(ActorMixin, APIView):
    """Elders ranked for a need, each with the reasons (managers)."""

    capability = "elders.manage"

    @extend_schema(parameters=[MatchQuerySerializer], responses=SuggestionSerializer(many=True))
    def get(self, request):
        query = MatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        need = matching.Need(role=d["role"], specialties=tuple(d.get("specialties") or ()),
                             weekday=d.get("weekday"), start=d.get("start"), end=d.get("end"),
                             kind=d.get("kind") or Assignment.NeedKind.TASK)
        suggestions = matching.rank(need, selectors.match_candidates(self.actor, need.weekday))
        access_log_record(self.actor, "search", "elder", detail={
            "match": dict(request.query_params.items()), "count": len(suggestions), "api": True}, request=request)
        # SuggestionSerializer's fields, built directly: its per-field machinery for 150 elders cost a sixth of the
        # request; the serializer still documents the response (and a test checks they agree)
        return Response([{
            "elder_id": s.elder.pk, "name": s.elder.name, "score": s.score, "load": s.load, "capacity": s.capacity,
            "at_capacity": s.at_capacity, "reasons": s.reasons, "concerns": s.concerns,
        } for s in suggestions])


# --- assignments ----------------------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    elder = IdField(source="elder_id")
    elder_name = serializers.CharField(source="elder.name", read_only=True)
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False, allow_null=True)
    start_on = BoundedDateField(required=False, allow_null=True)

    class Meta:
        model = Assignment
        fields = ["id", "elder", "elder_name", "role", "need_kind", "need", "weekday", "start_on", "end_on",
                  "status", "note"]
        read_only_fields = ["id", "elder_name", "status"]


class AssignmentEndSerializer(serializers.Serializer):
    end_on = BoundedDateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500,
                                   help_text="Required when an elder steps down from their own assignment.")


class AssignmentViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Managers: every assignment of the school, and create; an elder: their own (read only)."""

    queryset = Assignment.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = AssignmentSerializer
    capability = "elders.view"

    def get_queryset(self):
        p = self.request.query_params
        return selectors.assignments(self.actor, role=p.get("role", ""), status=p.get("status", ""),
                                     elder=query_id(p, "elder"))

    @extend_schema(parameters=[OpenApiParameter("role", str), OpenApiParameter("status", str),
                               OpenApiParameter("elder", int)])
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        count = response.data.get("count") if isinstance(response.data, dict) else None
        access_log_record(request.actor, "list", "elder_assignment",
                          detail={"filters": dict(request.query_params.items()), "count": count, "api": True},
                          request=request)
        return response

    def create(self, request, *args, **kwargs):
        self.actor.require("elders.manage")
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        elder = get_object_or_404(Elder.objects.filter(school=self.actor.school), pk=d["elder_id"])
        assignment = services.assignment_create(
            actor=self.actor, elder=elder, role=d["role"], need=d["need"],
            need_kind=d.get("need_kind") or Assignment.NeedKind.TASK, weekday=d.get("weekday"),
            start_on=d.get("start_on"), end_on=d.get("end_on"), note=d.get("note", ""))
        return Response(self.get_serializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignmentEndSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        body = AssignmentEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assignment = services.assignment_end(actor=self.actor, assignment=assignment,
                                             end_on=body.validated_data.get("end_on"),
                                             reason=body.validated_data.get("reason", ""))
        return Response(self.get_serializer(assignment).data)


# --- mentor contacts ------------------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    apprenticeship = IdField(source="apprenticeship_id")
    date = BoundedDateField(required=False, allow_null=True, help_text="Empty: today.")
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, allow_null=True,
                                     write_only=True, help_text="Credited to the mentor's service hours.")

    class Meta:
        model = ApprenticeshipContact
        fields = ["id", "apprenticeship", "way", "date", "topic", "next_step", "hours"]
        read_only_fields = ["id"]


class ApprenticeshipContactView(ActorMixin, APIView):
    """The mentor (or a manager) records a contact with the mentee."""

    @extend_schema(request=ContactSerializer, responses=ContactSerializer)
    def post(self, request):
        actor = self.actor
        if not actor.can("elders.manage") and actor.elder_id is None:
            raise Http404
        body = ContactSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        pair = get_object_or_404(ApprenticeshipPair.objects.filter(school=actor.school), pk=d["apprenticeship_id"])
        contact = services.apprenticeship_contact_record(actor=actor, apprenticeship=pair, way=d["way"],
                                                     date=d.get("date"), topic=d.get("topic", ""),
                                                     next_step=d.get("next_step", ""), hours=d.get("hours"))
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


# --- service hours --------------------------------------------------------------------------------


class PeriodSerializer(serializers.Serializer):
    name = serializers.CharField()
    start = BoundedDateField()
    end = BoundedDateField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    current = serializers.BooleanField()


class ServiceRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceRecord
        fields = ["id", "date", "hours", "source", "description"]


class HoursSerializer(serializers.Serializer):
    elder_id = serializers.IntegerField()
    this_term = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    this_year = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    outside_terms = serializers.DecimalField(max_digits=8, decimal_places=1)
    terms = PeriodSerializer(many=True)
    years = PeriodSerializer(many=True)
    records = ServiceRecordSerializer(many=True)


class HoursView(ActorMixin, APIView):
    """An elder's hours per term and year, and the records (managers; the elder for their own)."""

    capability = "elders.view"

    @extend_schema(responses=HoursSerializer)
    def get(self, request, pk: int):
        elder = selectors.hours_elder(self.actor, pk)
        summary = selectors.service_hours(elder, self.actor.school)
        access_log_record(self.actor, "view", "elder_hours", elder.pk, detail={"api": True}, request=request)
        return Response(HoursSerializer({
            "elder_id": elder.pk, "this_term": summary.this_term, "this_year": summary.this_year,
            "total": summary.total, "outside_terms": summary.outside_terms, "terms": summary.terms,
            "years": summary.years, "records": summary.records,
        }).data)



# mounted under /api/v1/ before the router (manifest.py), so these paths are never read as an elder's id
api_paths = [
    path("elders/match/", MatchView.as_view(), name="elder-match"),
    path("elders/apprenticeship-contacts/", ApprenticeshipContactView.as_view(),
         name="elder-apprenticeship-contacts"),
    path("elders/hours/<int:pk>/", HoursView.as_view(), name="elder-hours"),
]
