"""Activities over the API (/api/v1/activities/...): list, detail, apply and edit, the workflow's steps, the summary,
sign-up and check-in, and the calendar of a month. Same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin
from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.params import INT_MAX, BoundedDateField, BoundedDateTimeField, IdField
from xinhuo.core.services import access_log_record
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from . import calendar, selectors, services
from .models import Activity, ActivityKind, SignUp
from .rules import can

STEPS = [a for a in services.TRANSITIONS if a != "summarise"]


class ActivitySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    organiser = serializers.CharField(source="organiser.display_name")
    signed_up = serializers.IntegerField(source="signed_count", help_text="Places taken (not the waiting list).")
    signed_by_me = serializers.BooleanField(help_text="The actor (or their child) has a place or waits for one.")

    class Meta:
        model = Activity
        fields = ["id", "title", "kind", "kind_label", "status", "status_label", "theme", "starts_at", "ends_at",
                  "place", "organiser", "signup_open", "capacity", "signed_up", "signed_by_me"]


class StepSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    comment = serializers.CharField()
    by = serializers.CharField(source="by.display_name", default=None)
    at = BoundedDateTimeField()


class SignupOptionSerializer(serializers.Serializer):
    student = serializers.IntegerField(allow_null=True, help_text="The id to send as `student` to sign-up; null: "
                                       "oneself.")
    kind = serializers.CharField(help_text="Whom the place is for: student (oneself or a child), parent, elder, "
                                 "teacher.")
    button = serializers.CharField(help_text="What the button says: 为孩子（张三）报名, 我本人报名（家长） ...")


class ActivityDetailSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    organiser = serializers.CharField(source="organiser.display_name")
    elders = serializers.SerializerMethodField()
    audience_classes = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    budget_request = serializers.SerializerMethodField(help_text="For the organiser and the approvers only.")
    safety_plan = serializers.SerializerMethodField(help_text="For the organiser and the approvers only.")
    signup_options = serializers.SerializerMethodField(
        help_text="Whom the caller may sign up now (a child by name, or oneself as parent, elder or teacher); "
                  "empty when the sign-up is closed.")

    class Meta:
        model = Activity
        fields = ["id", "title", "kind", "kind_label", "status", "status_label", "theme", "objectives", "audience",
                  "starts_at", "ends_at", "off_day_confirmed", "place", "organiser", "organisers", "elders",
                  "safety_plan", "budget_request", "speaker", "route", "handbook", "sharing_at", "sharing_place",
                  "scenario", "evacuation_seconds", "signup_open", "capacity", "service_hours", "audience_classes",
                  "audience_parents", "audience_elders", "audience_teachers", "summary", "participants", "effect",
                  "survey_url", "steps", "signup_options"]

    def _insider(self, obj) -> bool:
        actor = self.context["request"].actor
        return can(actor, "manage_activity", obj) or can(actor, "approve_activity", obj)

    def get_elders(self, obj) -> list[str]:
        return [e.name for e in obj.elders.all()]

    def get_audience_classes(self, obj) -> list[int]:
        return [c.pk for c in obj.audience_classes.all()]

    @extend_schema(responses=StepSerializer(many=True))
    def get_steps(self, obj) -> list[dict]:
        return list(StepSerializer(selectors.activity_steps(obj), many=True).data)

    @extend_schema_field(SignupOptionSerializer(many=True))
    def get_signup_options(self, obj) -> list[dict]:
        return list(SignupOptionSerializer(services.signup_options(self.context["request"].actor, obj),
                                           many=True).data)

    def get_budget_request(self, obj) -> str | None:
        return str(obj.budget_request) if self._insider(obj) and obj.budget_request is not None else None

    def get_safety_plan(self, obj) -> str | None:
        return obj.safety_plan if self._insider(obj) else None


class ActivityWriteSerializer(serializers.Serializer):
    """The application; the service checks it (dates, kind, the fields a kind needs, the non-working day)."""

    title = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    starts_at = BoundedDateTimeField()
    ends_at = BoundedDateTimeField()
    off_day_confirmed = serializers.BooleanField(required=False, default=False)
    theme = serializers.CharField(required=False, allow_blank=True, default="")
    objectives = serializers.CharField(required=False, allow_blank=True, default="")
    audience = serializers.CharField(required=False, allow_blank=True, default="")
    place = serializers.CharField(required=False, allow_blank=True, default="")
    organisers = serializers.CharField(required=False, allow_blank=True, default="")
    safety_plan = serializers.CharField(required=False, allow_blank=True, default="")
    budget_request = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True,
                                              default=None)
    speaker = serializers.CharField(required=False, allow_blank=True, default="")
    route = serializers.CharField(required=False, allow_blank=True, default="")
    handbook = serializers.CharField(required=False, allow_blank=True, default="")
    sharing_at = BoundedDateTimeField(required=False, allow_null=True, default=None)
    sharing_place = serializers.CharField(required=False, allow_blank=True, default="")
    scenario = serializers.CharField(required=False, allow_blank=True, default="")
    elders = serializers.ListField(child=IdField(), required=False, default=list)
    audience_classes = serializers.ListField(child=IdField(), required=False, default=list)
    audience_grades = serializers.ListField(child=IdField(), required=False, default=list)
    audience_parents = serializers.BooleanField(required=False, default=False)
    audience_elders = serializers.BooleanField(required=False, default=False)
    audience_teachers = serializers.BooleanField(required=False, default=False)
    signup_open = serializers.BooleanField(required=False, default=False)
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None, max_value=INT_MAX)
    service_hours = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, allow_null=True,
                                             default=None)

    def service_kwargs(self, actor) -> dict:
        data = dict(self.validated_data)
        school = actor.school
        for name, rows in (("elders", elders_selectors.elders_of_school(school)),
                           ("audience_classes", SchoolClass.objects.filter(school=school)),
                           ("audience_grades", Grade.objects.filter(school=school))):
            ids = set(data[name])
            found = list(rows.filter(pk__in=ids))
            if len(found) != len(ids):
                raise serializers.ValidationError({name: _("Choose among this school's records.")})
            data[name] = found
        return data


class StepRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=STEPS)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SummaryRequestSerializer(serializers.Serializer):
    summary = serializers.CharField()
    participants = serializers.IntegerField(min_value=0, max_value=INT_MAX)
    effect = serializers.CharField(required=False, allow_blank=True, default="")
    speaker = serializers.CharField(required=False, allow_null=True, default=None)
    theme = serializers.CharField(required=False, allow_null=True, default=None)
    evacuation_seconds = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                                  max_value=INT_MAX)


class ActivitySignupRequestSerializer(serializers.Serializer):
    student = IdField(required=False, allow_null=True, default=None,
                                       help_text="Sign up this student (oneself or a child); empty: oneself.")


class SignUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = SignUp
        fields = ["id", "kind", "name", "status", "student", "signed_at", "checked_in_at", "hours"]


class CheckinRequestSerializer(serializers.Serializer):
    signup = IdField()
    present = serializers.BooleanField()


class ActivityViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The activities the actor may see (see selectors.activities); staff apply, leaders approve."""

    queryset = Activity.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "activities.view"

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return ActivityWriteSerializer
        return ActivityDetailSerializer if self.action != "list" else ActivitySerializer

    def get_queryset(self):
        if self.action != "list":
            return selectors.activities(self.actor).select_related("organiser").prefetch_related(
                "elders", "audience_classes")
        p = self.request.query_params
        return selectors.activity_list(self.actor, q=p.get("q", "")[:100], kind=p.get("kind", ""),
                                       status=p.get("status", ""), mine=p.get("mine") == "1",
                                       when=p.get("when", ""))

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str),
                               OpenApiParameter("status", str), OpenApiParameter("mine", str),
                               OpenApiParameter("when", str, enum=["upcoming", "past"],
                                                description="Empty: the whole year in date order.")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _detail(self, activity: Activity, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=activity.pk)
        return Response(ActivityDetailSerializer(fresh, context={"request": self.request}).data, status=code)

    @extend_schema(request=ActivityWriteSerializer, responses={201: ActivityDetailSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("activities.apply")
        body = ActivityWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        activity = services.activity_apply(actor=self.actor, **body.service_kwargs(self.actor))
        return self._detail(activity, status.HTTP_201_CREATED)

    @extend_schema(request=ActivityWriteSerializer, responses={200: ActivityDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        """The whole application again (an application is changed as a whole, while it waits or was returned)."""
        self.actor.require("activities.apply")
        activity = self.get_object()
        body = ActivityWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.activity_update(actor=self.actor, activity=activity, **body.service_kwargs(self.actor))
        return self._detail(activity)

    @extend_schema(request=StepRequestSerializer, responses={200: ActivityDetailSerializer})
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """approve, return or reject (leaders, with a comment to return or reject); resubmit, start (the organiser);
        archive (leaders)."""
        activity = self.get_object()
        body = StepRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.activity_transition(actor=self.actor, activity=activity, **body.validated_data)
        return self._detail(activity)

    @extend_schema(request=SummaryRequestSerializer, responses={200: ActivityDetailSerializer})
    @action(detail=True, methods=["post"])
    def summary(self, request, pk=None):
        activity = self.get_object()
        if not can(self.actor, "manage_activity", activity):
            raise Http404
        body = SummaryRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.activity_transition(actor=self.actor, activity=activity, action="summarise", **body.validated_data)
        return self._detail(activity)

    @extend_schema(request=ActivitySignupRequestSerializer, responses={201: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        self.actor.require("activities.signup")
        activity = self.get_object()
        body = ActivitySignupRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        student = None
        if body.validated_data["student"] is not None:
            student = (people_selectors.students_of_school(self.actor.school)
                       .filter(pk=body.validated_data["student"]).first())
            if student is None:
                raise Http404
        signup = services.signup_add(actor=self.actor, activity=activity, student=student)
        return Response(SignUpSerializer(signup).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=SignUpSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole list, as the schema says
    def signups(self, request, pk=None):
        """The organiser's list (places, then the waiting list); others get their own sign-ups."""
        activity = self.get_object()
        if can(self.actor, "manage_activity", activity):
            rows = list(selectors.signups(activity))
            access_log_record(self.actor, "list", "activity_signup", activity.pk, request=request,
                              detail={"count": len(rows), "api": True})
        else:
            rows = selectors.own_signups(self.actor, activity)
        return Response(SignUpSerializer(rows, many=True).data)

    @extend_schema(request=CheckinRequestSerializer, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def checkin(self, request, pk=None):
        activity = self.get_object()
        if not can(self.actor, "manage_activity", activity):
            raise Http404
        body = CheckinRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signup = get_object_or_404(SignUp, activity=activity, pk=body.validated_data["signup"])
        signup = services.checkin_set(actor=self.actor, signup=signup, present=body.validated_data["present"])
        return Response(SignUpSerializer(signup).data)


class CalendarActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    starts_at = BoundedDateTimeField()


class CommemorationSerializer(serializers.Serializer):
    name = serializers.CharField()
    theme = serializers.CharField(help_text="The suggested theme of an activity on that day.")


class CalendarDaySerializer(serializers.Serializer):
    date = BoundedDateField()
    off = serializers.CharField(allow_null=True, help_text="Why it is not a working day (holiday or weekend).")
    moved_working_day = serializers.BooleanField()
    commemorations = CommemorationSerializer(many=True)
    activities = CalendarActivitySerializer(many=True)


class CalendarSerializer(serializers.Serializer):
    month = serializers.CharField()
    estimated = serializers.BooleanField(help_text="The year's public holidays are not published yet: estimated.")
    days = CalendarDaySerializer(many=True)


class CalendarView(ActorMixin, APIView):
    """A month of the school calendar: each day's working-day status, commemoration days, activities in scope."""

    capability = "activities.view"

    @extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM; this month by default")],
                   responses=CalendarSerializer)
    def get(self, request):
        raw = request.query_params.get("month", "")
        today = timezone.localdate()
        parsed = calendar.parse_month(raw) if raw else (today.year, today.month)
        if parsed is None:
            raise DjangoValidationError({"month": _("Give the month as YYYY-MM, for example 2026-09.")})
        year, month = parsed
        days = [{"date": d.date, "off": d.off_reason, "moved_working_day": d.moved_working,
                 "commemorations": [{"name": str(c.name), "theme": str(c.theme)} for c in d.commemorations],
                 "activities": d.activities}
                for week in selectors.calendar_month(self.actor, year, month) for d in week if d.in_month]
        return Response(CalendarSerializer({"month": f"{year}-{month:02d}",
                                            "estimated": not calendar.is_known_year(year), "days": days}).data)


# mounted under /api/v1/ before the router (manifest.py), so "calendar" is never read as an activity's id
api_paths = [path("activities/calendar/", CalendarView.as_view(), name="activity-calendar")]
