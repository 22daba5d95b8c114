"""Activities over the API (/api/v1/activities/...): list, detail, apply and edit, the workflow's steps, the summary,
sign-up and check-in, a study trip's field tasks, the photos and files kept as evidence (the organiser adds and
removes them), and the calendar of a month. Same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin
from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.params import INT_MAX, BoundedDateField, BoundedDateTimeField, IdField
from xinhuo.core.services import access_log_record
from xinhuo.elders import selectors as elders_selectors
from xinhuo.people import selectors as people_selectors

from . import calendar, selectors, services
from .models import Activity, ActivityFile, ActivityKind, ActivityPhoto, FieldTask, FieldWork, SignUp
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
    actual_cost = serializers.SerializerMethodField(help_text="What it cost in the end (from the summary); for the "
                                                              "organiser and the approvers only.")
    safety_plan = serializers.SerializerMethodField(help_text="For the organiser and the approvers only.")
    signup_options = serializers.SerializerMethodField(
        help_text="Whom the caller may sign up now (a child by name, or oneself as parent, elder or teacher); "
                  "empty when the sign-up is closed.")

    class Meta:
        model = Activity
        fields = ["id", "title", "kind", "kind_label", "status", "status_label", "theme", "objectives", "audience",
                  "starts_at", "ends_at", "off_day_confirmed", "place", "organiser", "organisers", "elders",
                  "safety_plan", "budget_request", "actual_cost", "speaker", "route", "handbook", "sharing_at",
                  "sharing_place",
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
        """The workflow's history, as on the page: empty for a family, a student or an elder (view_history)."""
        if not can(self.context["request"].actor, "view_history", obj):
            return []
        return list(StepSerializer(selectors.activity_steps(obj), many=True).data)

    @extend_schema_field(SignupOptionSerializer(many=True))
    def get_signup_options(self, obj) -> list[dict]:
        return list(SignupOptionSerializer(services.signup_options(self.context["request"].actor, obj),
                                           many=True).data)

    def get_budget_request(self, obj) -> str | None:
        return str(obj.budget_request) if self._insider(obj) and obj.budget_request is not None else None

    def get_actual_cost(self, obj) -> str | None:
        return str(obj.actual_cost) if self._insider(obj) and obj.actual_cost is not None else None

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

    def service_kwargs(self, actor, current: Activity | None = None) -> dict:
        """The service's arguments: the ids as this school's records. For a PATCH (`current`), a field left out
        keeps the activity's value; the audience is one field in two parts, so giving either of
        `audience_classes` and `audience_grades` sets the audience to what is given."""
        data = dict(self.validated_data)
        if current is not None:
            if "audience_classes" in data or "audience_grades" in data:
                data.setdefault("audience_classes", [])
                data.setdefault("audience_grades", [])
            data = {**current_values(current), **data}
        school = actor.school
        for name, rows in (("elders", elders_selectors.elders_of_school(school)),
                           ("audience_classes", SchoolClass.objects.filter(school=school)),
                           ("audience_grades", Grade.objects.filter(school=school))):
            if isinstance(data[name], _Kept):
                data[name] = data[name].rows
                continue
            ids = set(data[name])
            found = list(rows.filter(pk__in=ids))
            if len(found) != len(ids):
                raise serializers.ValidationError({name: [_("Choose among this school's records.")]})
            data[name] = found
        return data


class _Kept:
    """Records an activity already has (a PATCH that leaves them out keeps them; they need no check again)."""

    def __init__(self, rows: list) -> None:
        self.rows = rows


def current_values(activity: Activity) -> dict:
    """The application as it stands, in the service's terms (the grades were turned into classes when saved)."""
    names: list[str] = list(ActivityWriteSerializer().fields)
    data: dict[str, Any] = {name: getattr(activity, name) for name in names
                            if name not in ("elders", "audience_classes", "audience_grades")}
    data["elders"] = _Kept(list(activity.elders.all()))
    data["audience_classes"] = _Kept(list(activity.audience_classes.all()))
    data["audience_grades"] = _Kept([])
    return data


class StepRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=STEPS)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SummaryRequestSerializer(serializers.Serializer):
    summary = serializers.CharField()
    participants = serializers.IntegerField(
        min_value=0, max_value=INT_MAX, required=False, allow_null=True, default=None,
        help_text="How many took part; left out: the number checked in (needed when nobody was checked in).")
    effect = serializers.CharField(required=False, allow_blank=True, default="")
    speaker = serializers.CharField(required=False, allow_null=True, default=None)
    theme = serializers.CharField(required=False, allow_null=True, default=None)
    evacuation_seconds = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                                  max_value=INT_MAX)
    actual_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, default=None, min_value=0,
        help_text="What the activity cost in the end, in yuan (closes its budget commitment).")


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


class SignupCancelRequestSerializer(serializers.Serializer):
    signup = IdField(help_text="One's own sign-up or a child's (see signups/); the organiser may cancel any.")


class SignupSettingsRequestSerializer(serializers.Serializer):
    signup_open = serializers.BooleanField()
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None, max_value=INT_MAX,
                                        help_text="Places; empty: no limit. Never below the places taken.")
    service_hours = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, allow_null=True,
                                             default=None, help_text="Credited to each person checked in.")


class FieldWorkSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name")
    file_name = serializers.SerializerMethodField(help_text="The attached file's name; empty: none.")

    class Meta:
        model = FieldWork
        fields = ["id", "task", "student", "student_name", "text", "file_name", "submitted_at", "feedback"]

    def get_file_name(self, obj) -> str:
        return obj.file.name.rsplit("/", 1)[-1] if obj.file else ""


class FieldTaskSerializer(serializers.ModelSerializer):
    works = serializers.SerializerMethodField(
        help_text="What was handed in: all of it for the organiser, one's own (or one's children's) for a family.")

    class Meta:
        model = FieldTask
        fields = ["id", "title", "instructions", "due_at", "order", "works"]

    @extend_schema_field(FieldWorkSerializer(many=True))
    def get_works(self, obj) -> list[dict]:
        return list(FieldWorkSerializer(self.context["works"].get(obj.pk, []), many=True).data)


class FieldTaskRequestSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, max_length=100)
    instructions = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    due_at = BoundedDateTimeField(required=False, allow_null=True, default=None)


class HandInRequestSerializer(serializers.Serializer):
    task = IdField()
    student = IdField(required=False, allow_null=True, default=None,
                      help_text="Who hands in: oneself (a student) or a child; a parent of several children says "
                                "which.")
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    file = serializers.FileField(required=False, allow_null=True, default=None,
                                 help_text="A file (multipart): PDF, Word, Excel, PowerPoint or a picture.")


class FeedbackRequestSerializer(serializers.Serializer):
    work = IdField()
    feedback = serializers.CharField(allow_blank=True, max_length=2000)


class ActivityPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityPhoto
        fields = ["id", "caption", "uploaded_at"]


class ActivityFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityFile
        fields = ["id", "name", "content_type", "size", "uploaded_at"]


class CaptionSerializer(serializers.Serializer):
    caption = serializers.CharField(required=False, allow_blank=True, default="")


class PhotosUploadSerializer(CaptionSerializer):
    images = serializers.ListField(
        child=serializers.FileField(), help_text="The photos (multipart, the field repeated): up to 10 at a time, "
        "JPEG, PNG or WebP, each checked to be a real picture; one bad file refuses all. An activity keeps at most 60.")


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="One file (multipart): PDF, Word, Excel, PowerPoint or a picture; its type "
                                           "and content are checked.")


EVIDENCE_PARSERS = [MultiPartParser, FormParser, JSONParser]


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

    @extend_schema(request=ActivityWriteSerializer(partial=True), responses={200: ActivityDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Change an application while it waits or was returned: the fields given change, the others keep their
        values, and the whole is checked again as on the page (giving `audience_classes` or `audience_grades`
        sets the audience to what is given)."""
        self.actor.require("activities.apply")
        activity = self.get_object()
        if not can(self.actor, "manage_activity", activity):
            raise Http404
        body = ActivityWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.activity_update(actor=self.actor, activity=activity, **body.service_kwargs(self.actor, activity))
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

    @extend_schema(request=SignupCancelRequestSerializer, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"], url_path="signup/cancel", url_name="signup-cancel")
    def signup_cancel(self, request, pk=None):
        """Give up one's own place or a child's (or, for the organiser, anyone's); the first on the waiting list
        moves up. Someone else's sign-up answers 404."""
        activity = self.get_object()
        body = SignupCancelRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signup = get_object_or_404(SignUp, activity=activity, pk=body.validated_data["signup"])
        signup = services.signup_cancel(actor=self.actor, signup=signup)
        return Response(SignUpSerializer(signup).data)

    @extend_schema(request=SignupSettingsRequestSerializer, responses={200: ActivityDetailSerializer})
    @action(detail=True, methods=["post"], url_path="signup/settings", url_name="signup-settings")
    def signup_settings(self, request, pk=None):
        """The organiser opens or closes the sign-up, sets the capacity and the service hours."""
        self.actor.require("activities.apply")
        activity = self.get_object()
        if not can(self.actor, "manage_activity", activity):
            raise Http404
        body = SignupSettingsRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.signup_settings_update(actor=self.actor, activity=activity, **body.validated_data)
        return self._detail(activity)

    # a study trip's field tasks (研学任务)

    def _tasks(self, activity: Activity) -> Response:
        works: dict[int, list[FieldWork]] = {}
        rows = (selectors.field_works(activity) if can(self.actor, "manage_activity", activity)
                else selectors.own_field_works(self.actor, activity))
        for work in rows:
            works.setdefault(work.task_id, []).append(work)
        return Response(FieldTaskSerializer(selectors.field_tasks(activity), many=True,
                                            context={"works": works}).data)

    @extend_schema(methods=["GET"], responses=FieldTaskSerializer(many=True))
    @extend_schema(methods=["POST"], request=FieldTaskRequestSerializer,
                   responses={201: FieldTaskSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # a trip has a few tasks: the whole list
    def tasks(self, request, pk=None):
        """A study trip's field tasks with what was handed in (the organiser: everyone's; a family: its own).
        POST: the organiser adds a task; the answer is the list."""
        activity = self.get_object()
        if request.method == "POST":
            self.actor.require("activities.apply")
            if not can(self.actor, "manage_activity", activity):
                raise Http404
            body = FieldTaskRequestSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            services.field_task_add(actor=self.actor, activity=activity, **body.validated_data)
            response = self._tasks(activity)
            response.status_code = status.HTTP_201_CREATED
            return response
        return self._tasks(activity)

    @extend_schema(request=HandInRequestSerializer, responses={201: FieldWorkSerializer})
    @action(detail=True, methods=["post"], url_path="tasks/hand-in", url_name="hand-in",
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def hand_in(self, request, pk=None):
        """A student with a place on the trip (or their parent) hands in a task: an answer, a file (multipart), or
        both; handing in again replaces it."""
        actor = self.actor
        activity = self.get_object()
        family = selectors.family_student_ids(actor)
        if not family:  # only a student or a parent hands in
            raise Http404
        body = HandInRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        task = get_object_or_404(FieldTask, activity=activity, pk=d["task"])
        chosen = d["student"]
        if chosen is None:
            if len(family) != 1:
                raise serializers.ValidationError({"student": _("Choose which child hands in the task.")})
            chosen = next(iter(family))
        student = people_selectors.students_of_school(actor.school).filter(pk=chosen).first()
        if student is None:
            raise Http404
        work = services.field_work_submit(actor=actor, task=task, student=student, text=d["text"], upload=d["file"])
        work = selectors.field_works(activity).get(pk=work.pk)
        return Response(FieldWorkSerializer(work).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FeedbackRequestSerializer, responses={200: FieldWorkSerializer})
    @action(detail=True, methods=["post"], url_path="tasks/feedback", url_name="feedback")
    def feedback(self, request, pk=None):
        """The organiser's feedback on what a student handed in."""
        self.actor.require("activities.apply")
        activity = self.get_object()
        if not can(self.actor, "manage_activity", activity):
            raise Http404
        body = FeedbackRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        work = get_object_or_404(selectors.field_works(activity), pk=body.validated_data["work"])
        work = services.field_work_feedback(actor=self.actor, work=work, feedback=body.validated_data["feedback"])
        return Response(FieldWorkSerializer(work).data)


    # the photos and files kept as evidence (活动佐证): everyone who sees the activity reads the list; its organiser
    # (and whoever manages every activity) adds and removes them while it is approved, running or summarised

    def _organised(self) -> Activity:
        self.actor.require("activities.apply")
        return self.get_object()  # the service answers 404 to anyone who does not manage it

    @extend_schema(methods=["GET"], responses=ActivityPhotoSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": PhotosUploadSerializer},
                   responses={201: ActivityPhotoSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], pagination_class=None, parser_classes=EVIDENCE_PARSERS)
    def photos(self, request, pk=None):
        """The activity's photos. POST (the organiser): add photos, as on the activity's page; the answer is the
        photos added."""
        if request.method != "POST":
            return Response(ActivityPhotoSerializer(selectors.photos(self.get_object()), many=True).data)
        activity = self._organised()
        body = CaptionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        added = services.photos_add(actor=self.actor, activity=activity, images=request.FILES.getlist("images"),
                                    caption=body.validated_data["caption"])
        return Response(ActivityPhotoSerializer(added, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ActivityFileSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": FileUploadSerializer},
                   responses={201: ActivityFileSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, parser_classes=EVIDENCE_PARSERS)
    def files(self, request, pk=None):
        """The activity's files (plan, sign-in sheet, slides). POST (the organiser): add one."""
        if request.method != "POST":
            return Response(ActivityFileSerializer(selectors.files(self.get_object()), many=True).data)
        activity = self._organised()
        added = services.file_add(actor=self.actor, activity=activity, upload=request.FILES.get("file"))
        return Response(ActivityFileSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None},
                   parameters=[OpenApiParameter("photo_pk", int, OpenApiParameter.PATH, description="The photo's id.")])
    @action(detail=True, methods=["delete"], url_path=r"photos/(?P<photo_pk>[0-9]+)", url_name="photo")
    def photo_remove(self, request, pk=None, photo_pk=None):
        """Remove a photo (the organiser)."""
        activity = self._organised()
        item = get_object_or_404(selectors.photos(activity), pk=photo_pk)
        services.evidence_delete(actor=self.actor, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None},
                   parameters=[OpenApiParameter("file_pk", int, OpenApiParameter.PATH, description="The file's id.")])
    @action(detail=True, methods=["delete"], url_path=r"files/(?P<file_pk>[0-9]+)", url_name="file")
    def file_remove(self, request, pk=None, file_pk=None):
        """Remove a file (the organiser)."""
        activity = self._organised()
        item = get_object_or_404(selectors.files(activity), pk=file_pk)
        services.evidence_delete(actor=self.actor, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
