"""The mentoring part over the API (/api/v1/care/...): growth mentors (the mentoring managers), mentoring pairs
(list / retrieve / create, logged like the pages; a mentor sees their own), a pair's contacts (POST), its closing
summary and, for its mentor, the guardian's phone (logged), and the matching suggestions for a student's needs.
Same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.masking import mask_phone
from xinhuo.core.params import BoundedDateField, IdField
from xinhuo.core.services import access_log_record

from ..common import students_in_care
from ..models import ContactWay, Mentor, MentoringContact, MentoringPair, Need, Specialty
from . import matching, selectors, services

# growth mentors


class MentorRegistrySerializer(serializers.ModelSerializer):
    load = serializers.IntegerField(source="pair_load", read_only=True, help_text="Active mentoring pairs.")
    phone = serializers.SerializerMethodField(help_text="A volunteer's mobile number, masked.")
    specialties = serializers.ListField(child=serializers.ChoiceField(choices=Specialty.choices), read_only=True)

    class Meta:
        model = Mentor
        fields = ["id", "kind", "name", "elder_id", "staff_id", "peer_id", "specialties", "max_mentees", "load",
                  "active", "phone"]
        read_only_fields = fields

    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)


class MentorViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """The school's growth mentors with their load (the mentoring managers)."""

    queryset = Mentor.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = MentorRegistrySerializer
    capability = "mentoring.manage"
    object_type = "mentor"

    def get_queryset(self):
        p = self.request.query_params
        active = {"true": True, "false": False}.get(p.get("active", ""))
        return selectors.mentors(self.actor, q=p.get("q", ""), kind=p.get("kind", ""), active=active)

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str),
                               OpenApiParameter("active", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


# mentoring pairs


@extend_schema_field({"type": "string", "enum": list(ContactWay.values),
                     "description": "in_person, phone, video, message or home"})
class ContactWayField(serializers.ChoiceField):
    """The way of a contact, documented inline (the elders' contacts have a "way" enum of their own)."""

    def __init__(self, **kwargs):
        super().__init__(choices=ContactWay.choices, **kwargs)


class MentoringContactSerializer(serializers.ModelSerializer):
    way = ContactWayField()

    class Meta:
        model = MentoringContact
        fields = ["id", "contacted_on", "way", "topic", "next_step", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"contacted_on": {"required": False}, "next_step": {"required": False}}


class MentoringPairSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    class_name = serializers.SerializerMethodField()
    mentor_name = serializers.CharField(source="mentor.name", read_only=True)
    mentor_kind = serializers.CharField(source="mentor.kind", read_only=True)
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices))
    last_contact = serializers.DateField(read_only=True, allow_null=True)
    overdue_days = serializers.SerializerMethodField()

    class Meta:
        model = MentoringPair
        fields = ["id", "student", "student_name", "class_name", "mentor", "mentor_name", "mentor_kind", "needs",
                  "contact_plan", "contact_every_days", "started_on", "ended_on", "summary", "last_contact",
                  "overdue_days"]
        read_only_fields = ["id", "ended_on", "summary"]

    def get_class_name(self, obj) -> str:
        return str(obj.student.school_class)

    def get_overdue_days(self, obj) -> int:
        if obj.ended_on:
            return 0
        return selectors.pair_overdue_days(obj.started_on, getattr(obj, "last_contact", None),
                                           obj.contact_every_days, timezone.localdate())


class MentoringPairCreateSerializer(serializers.Serializer):
    student = IdField()
    mentor = IdField()
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices), allow_empty=True)
    contact_plan = serializers.CharField(required=False, allow_blank=True, default="")
    contact_every_days = serializers.IntegerField(required=False, default=14)
    started_on = BoundedDateField(required=False, allow_null=True)


class PairSummaryRequestSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)


class GuardianPhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="In full; empty when the primary guardian has no mobile number.")


class PairViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    """Mentoring pairs: the mentoring managers see and make all, a head teacher sees their classes', a mentor
    their own; filter by status=active|ended|overdue. POST contacts/ logs a contact (the mentor or a manager)."""

    queryset = MentoringPair.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = MentoringPairSerializer
    capability = "mentoring.view"
    object_type = "mentoring_pair"

    def get_queryset(self):
        p = self.request.query_params
        return selectors.pair_list(self.actor, status=p.get("status", ""), q=p.get("q", ""))

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=list(selectors.PAIR_STATUSES)),
                               OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=MentoringPairCreateSerializer, responses={201: MentoringPairSerializer})
    def create(self, request, *args, **kwargs):
        if not self.actor.can("mentoring.manage"):  # pair_create checks the role again
            raise Http404
        body = MentoringPairCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        mentor = selectors.mentors(self.actor).filter(pk=d.pop("mentor")).first()
        if mentor is None:
            raise serializers.ValidationError({"mentor": _("Choose a mentor from the suggestions.")})
        student = students_in_care(self.actor).filter(pk=d.pop("student")).first()
        if student is None:
            raise serializers.ValidationError({"student": _("This student is not of your school.")})
        pair = services.pair_create(actor=self.actor, mentor=mentor, student=student, **d)
        pair = selectors.pair_detail(self.actor, pair.pk)
        return Response(MentoringPairSerializer(pair).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MentoringContactSerializer, responses={201: MentoringContactSerializer})
    @action(detail=True, methods=["post"], url_path="contacts")
    def contacts(self, request, pk=None):
        pair = get_object_or_404(selectors.contact_pairs(self.actor), pk=pk)
        body = MentoringContactSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        contact = services.contact_log(actor=self.actor, pair=pair, way=d["way"], topic=d["topic"],
                                       next_step=d.get("next_step", ""), contacted_on=d.get("contacted_on"))
        return Response(MentoringContactSerializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PairSummaryRequestSerializer, responses={200: MentoringPairSerializer})
    @action(detail=True, methods=["post"])
    def summary(self, request, pk=None):
        """The closing summary of a pair that ended without one (its mentor or a mentoring manager); a pair still
        open, or summed up already, is refused with the reason."""
        pair = get_object_or_404(selectors.contact_pairs(self.actor), pk=pk)
        body = PairSummaryRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.pair_summary_write(actor=self.actor, pair=pair, summary=body.validated_data["summary"])
        return Response(MentoringPairSerializer(selectors.pair_detail(self.actor, pair.pk)).data)

    @extend_schema(request=None, responses={200: GuardianPhoneSerializer})
    @action(detail=True, methods=["post"], url_path="guardian-phone", url_name="guardian-phone")
    def guardian_phone(self, request, pk=None):
        """The primary guardian's full mobile number, for the elder or teacher mentor of an open pair; each
        reading is written to the access log. Empty when the family gave none."""
        pair = get_object_or_404(selectors.guardian_phone_pairs(self.actor), pk=pk)
        phone = services.mentee_guardian_phone_reveal(actor=self.actor, pair=pair, request=request)
        return Response(GuardianPhoneSerializer({"phone": phone}).data)


# matching


class MatchQuerySerializer(serializers.Serializer):
    student = IdField()
    needs = serializers.CharField(help_text="Comma-separated need codes, e.g. academic,emotional.")
    weekday = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=6,
                                       help_text="0 Monday … 6 Sunday: an elder's weekly availability counts.")

    def validate_needs(self, value: str) -> list[str]:
        codes = [c.strip() for c in (value or "").split(",") if c.strip()]
        if not codes:
            raise serializers.ValidationError(_("Choose at least one need."))
        unknown = [c for c in codes if c not in Need.values]
        if unknown:
            raise serializers.ValidationError(_("Unknown need: %(codes)s.") % {"codes": "、".join(unknown)})
        return codes


class MentorSuggestionSerializer(serializers.Serializer):
    mentor_id = serializers.IntegerField(source="mentor.pk")
    name = serializers.CharField(source="mentor.name")
    kind = serializers.CharField(source="mentor.kind")
    score = serializers.IntegerField()
    load = serializers.IntegerField()
    capacity = serializers.IntegerField()
    at_capacity = serializers.BooleanField()
    needs_met = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())
    concerns = serializers.ListField(child=serializers.CharField())


class MatchViewSet(ActorMixin, viewsets.ViewSet):
    """Growth mentors ranked for a student's needs, each with the reasons (the mentoring managers)."""

    capability = "mentoring.manage"

    @extend_schema(parameters=[MatchQuerySerializer], responses=MentorSuggestionSerializer(many=True))
    def list(self, request):
        query = MatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        student = get_object_or_404(students_in_care(self.actor), pk=d["student"])
        paired = (selectors.pairs(self.actor).filter(student=student, ended_on__isnull=True)
                  .values_list("mentor_id", flat=True))
        suggestions = matching.rank(
            matching.Request(needs=tuple(d["needs"]), weekday=d.get("weekday"), student_id=student.pk),
            selectors.mentor_candidates(self.actor), exclude_mentor_ids=list(paired))
        access_log_record(self.actor, "search", "mentor", detail={
            "match": dict(request.query_params.items()), "count": len(suggestions), "api": True}, request=request)
        return Response(MentorSuggestionSerializer(suggestions, many=True).data)
