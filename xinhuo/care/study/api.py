"""The study part over the API: programmes of the study help desk and career guidance (list, detail, sign-up and
its cancelling).
Same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, chosen_student
from xinhuo.core.params import BoundedDateField, BoundedDateTimeField, IdField

from ..models import StudyProgram
from ..rules import can
from . import selectors, services

if TYPE_CHECKING:
    pass


class StudySessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = BoundedDateField()
    starts_at = serializers.TimeField(allow_null=True)
    topic = serializers.CharField()
    place = serializers.CharField()


class StudySignupSerializer(serializers.Serializer):
    student_id = serializers.IntegerField()
    student = serializers.CharField(source="student.name")
    signed_up_at = BoundedDateTimeField(source="created_at")


class StudyProgramSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="peer_tutoring, teacher_class, workshop, career_talk or job_shadowing.")
    kind_label = serializers.CharField(source="get_kind_display")
    tutor = serializers.CharField(source="tutor.name", default=None)
    signed_up = serializers.IntegerField()
    session_count = serializers.IntegerField()
    places_left = serializers.SerializerMethodField(help_text="None when the programme has no limit.")
    my_signups = serializers.SerializerMethodField(
        help_text="For a student or a parent: the ids of their own (or their children's) students signed up.")

    class Meta:
        model = StudyProgram
        fields = ["id", "kind", "kind_label", "title", "description", "tutor", "host", "place", "capacity",
                  "signed_up", "places_left", "signup_open", "session_count", "my_signups", "created_at"]

    def get_places_left(self, obj) -> int | None:
        return None if obj.capacity is None else max(obj.capacity - obj.signed_up, 0)

    def get_my_signups(self, obj) -> list[int]:
        return [e.student_id for e in getattr(obj, "family_enrolments", [])]


class StudyProgramDetailSerializer(StudyProgramSerializer):
    sessions = serializers.SerializerMethodField()
    signups = serializers.SerializerMethodField(
        help_text="The full list for the study managers and the tutor; a student or a parent sees their own.")

    class Meta(StudyProgramSerializer.Meta):
        fields = [*StudyProgramSerializer.Meta.fields, "sessions", "signups"]

    @extend_schema_field(StudySessionSerializer(many=True))
    def get_sessions(self, obj) -> list:
        return list(StudySessionSerializer(selectors.program_sessions(obj), many=True).data)

    @extend_schema_field(StudySignupSerializer(many=True))
    def get_signups(self, obj) -> list:
        actor = self.context["request"].actor
        full = can(actor, "take_attendance", obj)
        return list(StudySignupSerializer(selectors.program_enrolments(actor, obj, full=full), many=True).data)


class SignupRequestSerializer(serializers.Serializer):
    student = IdField(required=False, allow_null=True,
                                       help_text="A parent of several children says which; otherwise optional.")


class StudyProgramViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Programmes of the study help desk and career guidance; students and parents sign up."""

    queryset = StudyProgram.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "study.view"

    def get_serializer_class(self):
        return StudyProgramDetailSerializer if self.action == "retrieve" else StudyProgramSerializer

    def get_queryset(self):
        return selectors.study_programs(self.actor, kind=self.request.query_params.get("kind", ""))

    @extend_schema(parameters=[OpenApiParameter("kind", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SignupRequestSerializer, responses={201: StudySignupSerializer})
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        actor = self.actor
        actor.require("study.signup")
        program = self.get_object()
        body = SignupRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        candidates = list(selectors.signup_students(actor))
        student = chosen_student(candidates, body.validated_data.get("student"), _("Choose which child to sign up."))
        enrolment = services.program_signup(actor=actor, program=program, student=student)
        return Response(StudySignupSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SignupRequestSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="signup/cancel", url_name="signup-cancel")
    def signup_cancel(self, request, pk=None):
        """Take a student off the list: oneself, one's child (a parent of several says which), or, for the
        programme's managers, the student named. Attendance already taken stays on the growth record."""
        actor = self.actor
        program = self.get_object()
        if actor.can("study.signup"):
            candidates = list(selectors.signup_students(actor))
        elif actor.can("study.manage") and can(actor, "manage_program", program):
            candidates = list(selectors.enrolled_students(program))
        else:
            raise Http404
        body = SignupRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = body.validated_data.get("student")
        message = _("Choose whose sign-up to cancel.")
        if wanted is None and not actor.can("study.signup"):  # a manager always names the student
            raise serializers.ValidationError({"student": message})
        student = chosen_student(candidates, wanted, message)
        services.program_cancel(actor=actor, program=program, student=student)
        return Response(status=status.HTTP_204_NO_CONTENT)
