"""The growth record over the API (retrieve, logged) and the entries staff record (add, correct). Same selectors,
services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateField
from xinhuo.core.services import access_log_record
from xinhuo.people import selectors as people_selectors

from ..models import GrowthKind
from ..rules import can
from . import selectors, services
from .services import GROWTH_DETAIL_MAX, GROWTH_TITLE_MAX


class GrowthEntryWriteSerializer(serializers.Serializer):
    """An entry a member of staff records (the page's form); the service checks it (the date not in the future,
    hours for service entries only)."""

    kind = serializers.ChoiceField(choices=GrowthKind.choices)
    on = BoundedDateField()
    title = serializers.CharField(allow_blank=True, max_length=GROWTH_TITLE_MAX)
    detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=GROWTH_DETAIL_MAX)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True, default=None,
                                     help_text="Service entries only.")
    internal = serializers.BooleanField(required=False, allow_null=True, default=None,
                                        help_text="Staff only: the family never sees it. Left out: a "
                                                  "moral-education note is internal, other entries are not.")


class GrowthEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    on = BoundedDateField()
    title = serializers.CharField()
    detail = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    internal = serializers.BooleanField(help_text="Always false for the family, who never get internal entries.")


class GrowthProgramSerializer(serializers.Serializer):
    program_id = serializers.IntegerField()
    title = serializers.CharField(source="program.title")
    kind = serializers.CharField(source="program.kind")
    attended = serializers.IntegerField()
    held = serializers.IntegerField(help_text="Sessions held so far.")


class GrowthSupportSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    given_on = BoundedDateField()
    provider = serializers.CharField()
    what = serializers.CharField()
    outcome = serializers.CharField()


class GrowthMentorSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField(allow_null=True, help_text="Staff only; null for the family.")
    since = BoundedDateField(allow_null=True, help_text="Staff only; null for the family.")


class GrowthScreeningSerializer(serializers.Serializer):
    group = serializers.CharField(source="group.name")
    status = serializers.CharField()
    identified_on = BoundedDateField()
    review_on = BoundedDateField()
    note = serializers.CharField(allow_null=True)


class GrowthRecordSerializer(serializers.Serializer):
    student_id = serializers.IntegerField()
    student = serializers.CharField()
    school_class = serializers.CharField()
    awards = GrowthEntrySerializer(many=True)
    activities = GrowthEntrySerializer(many=True)
    service = GrowthEntrySerializer(many=True)
    clubs = GrowthEntrySerializer(many=True)
    moral_notes = GrowthEntrySerializer(many=True)
    service_hours = serializers.DecimalField(max_digits=7, decimal_places=1,
                                             help_text="Service hours of the current school year.")
    year_start = BoundedDateField()
    year_end = BoundedDateField()
    programs = GrowthProgramSerializer(many=True)
    support = GrowthSupportSerializer(many=True)
    mentors = GrowthMentorSerializer(many=True)
    screening = GrowthScreeningSerializer(many=True, allow_null=True,
                                          help_text="Counsellors only; null for everyone else.")
    screenings = serializers.ListField(
        child=serializers.DictField(), allow_null=True,
        help_text="Counsellors only: the student's screenings (campaign, date, risk level, band per scale).")
    needs_attention = serializers.BooleanField(
        allow_null=True, help_text="For other staff who may see the student's tags: an open tag from screening, "
                                   "an open alert or follow-up case, or a latest screening at 关注 or worse. "
                                   "Null for the family and for staff who may not see tags.")


SECTION_KEYS = {GrowthKind.AWARD: "awards", GrowthKind.ACTIVITY: "activities", GrowthKind.SERVICE: "service",
                GrowthKind.CLUB: "clubs", GrowthKind.MORAL_NOTE: "moral_notes"}


def growth_record_data(record: selectors.GrowthRecord) -> dict:
    student = record.student
    data: dict = {
        "student_id": student.pk, "student": student.name,
        "school_class": f"{student.school_class.grade.name}{student.school_class.name}",
        "service_hours": record.service_hours, "year_start": record.year[0], "year_end": record.year[1],
        "programs": record.programs, "support": record.support,
        "mentors": [{"name": p.mentor.name,
                     "kind": None if record.family_view else p.mentor.kind,
                     "since": None if record.family_view else p.started_on} for p in record.mentors],
        "screening": record.screening, "screenings": record.screenings, "needs_attention": record.needs_attention,
    }
    for kind, key in SECTION_KEYS.items():
        data[key] = record.entries[kind]
    return data


class GrowthRecordViewSet(ActorMixin, viewsets.GenericViewSet):
    """A student's growth record, with the same sections and the same hiding rules as the page; each read is
    logged."""

    queryset = people_selectors.students_of_school(None).none()  # for the schema; get_queryset scopes requests
    capability = "growth.view"
    serializer_class = GrowthRecordSerializer

    def get_queryset(self):
        return selectors.growth_students(self.actor)

    @extend_schema(responses=GrowthRecordSerializer)
    def retrieve(self, request, pk=None):
        actor = self.actor
        student = get_object_or_404(self.get_queryset(), pk=pk)
        record = selectors.growth_record(actor, student)
        access_log_record(actor, "view", "growth_record", student.pk, request=request, detail={
            "api": True, "screening": record.screening is not None, "flag": record.needs_attention is not None})
        if record.screening is not None:
            access_log_record(actor, "list", "student_tag", student.pk, field="screening", request=request,
                              detail={"count": len(record.screening), "via": "growth_record", "api": True})
        if record.screenings is not None:
            access_log_record(actor, "list", "screening_response", student.pk, field="results", request=request,
                              detail={"count": len(record.screenings), "via": "growth_record", "api": True})
        return Response(GrowthRecordSerializer(growth_record_data(record)).data)

    @extend_schema(request=GrowthEntryWriteSerializer, responses={201: GrowthEntrySerializer})
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        """Add an entry to the student's growth record (the committee, counsellors, the student's head teacher)."""
        actor = self.actor
        actor.require("growth.record")
        student = get_object_or_404(self.get_queryset(), pk=pk)
        if not can(actor, "record_growth", student):
            raise Http404
        body = GrowthEntryWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.growth_entry_add(actor=actor, student=student, **body.validated_data)
        return Response(GrowthEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GrowthEntryWriteSerializer(partial=True), responses={200: GrowthEntrySerializer},
                   parameters=[OpenApiParameter("entry_pk", int, OpenApiParameter.PATH, description="The entry's id.")])
    @action(detail=True, methods=["patch"], url_path=r"entries/(?P<entry_pk>[0-9]+)", url_name="entry")
    def entry(self, request, pk=None, entry_pk=None):
        """Correct an entry one recorded (the committee: any entry written by staff); the fields given change,
        the others keep their values; an entry written by another module (an activity, an award) is not
        corrected here."""
        actor = self.actor
        entry = get_object_or_404(selectors.editable_growth_entries(actor), pk=entry_pk, student_id=pk)
        body = GrowthEntryWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        current = {"kind": entry.kind, "on": entry.on, "title": entry.title, "detail": entry.detail,
                   "hours": entry.hours, "internal": entry.internal}
        data = {**current, **{k: v for k, v in body.validated_data.items() if not (k == "internal" and v is None)}}
        entry = services.growth_entry_update(actor=actor, entry=entry, **data)
        return Response(GrowthEntrySerializer(entry).data)
