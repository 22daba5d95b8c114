"""The builder over the API (/api/v1/surveys/manage/...): the surveys the caller manages (selectors.surveys: the
committee all of the school's, others their own), created and changed, their questions listed, added, changed and
deleted, and published, closed, copied or made a new version of — through the same services as the pages. A survey
out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.params import INT_MAX, BoundedDateTimeField, IdField

from .. import questions as qs
from .. import selectors, services
from ..models import Purpose, Question, Survey, SurveyStatus

PURPOSE_HELP = "One of: " + ", ".join(Purpose.values) + "."
STATUS_HELP = "One of: " + ", ".join(SurveyStatus.values) + "."
KIND_HELP = "One of: " + ", ".join(qs.Kind.values) + "."
AUDIENCE = ("for_students", "grades", "classes", "for_parents", "parent_classes", "for_elders", "for_teachers")


class SurveyQuestionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    options = serializers.ListField(child=serializers.CharField(), required=False)
    rows = serializers.ListField(child=serializers.CharField(), required=False)
    labels = serializers.ListField(child=serializers.CharField(), required=False)
    show_if = serializers.JSONField(
        required=False, allow_null=True,
        help_text='Shown only when an earlier answer matches: {"key": "q1", "values": [0, 2]} (option indices, or '
                  'points of a scale) or {"key": "q3", "min": 1, "max": 5} for a number; null: always shown.')

    class Meta:
        model = Question
        fields = ["id", "key", "order", "kind", "kind_label", "text", "help_text", "required", "options", "rows",
                  "points", "labels", "min_choices", "max_choices", "min_value", "max_value", "show_if"]
        read_only_fields = ["id", "key", "order", "kind_label"]


class SurveyQuestionWriteSerializer(SurveyQuestionSerializer):
    position = serializers.IntegerField(required=False, min_value=1, max_value=INT_MAX, write_only=True,
                                        help_text="Where to add a new question (1 = first); the end when left out.")

    class Meta(SurveyQuestionSerializer.Meta):
        fields = [*SurveyQuestionSerializer.Meta.fields, "position"]


class SurveySerializer(serializers.ModelSerializer):
    purpose = serializers.CharField(help_text=PURPOSE_HELP)
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner = serializers.CharField(source="owner.display_name", default=None, read_only=True)
    grades = serializers.SerializerMethodField()
    classes = serializers.SerializerMethodField()
    parent_classes = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = ["id", "title", "intro", "purpose", "purpose_label", "anonymous", "status", "status_label",
                  "version", "previous", "activity", "for_students", "grades", "classes", "for_parents",
                  "parent_classes", "for_elders", "for_teachers", "opens_at", "closes_at", "response_count",
                  "owner"]
        read_only_fields = fields

    def get_grades(self, obj) -> list[int]:
        return [g.pk for g in obj.grades.all()]

    def get_classes(self, obj) -> list[int]:
        return [c.pk for c in obj.classes.all()]

    def get_parent_classes(self, obj) -> list[int]:
        return [c.pk for c in obj.parent_classes.all()]


class SurveyDetailSerializer(SurveySerializer):
    questions = serializers.SerializerMethodField()

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "questions"]

    @extend_schema_field(SurveyQuestionSerializer(many=True))
    def get_questions(self, obj):
        return SurveyQuestionSerializer(sorted(obj.questions.all(), key=lambda q: (q.order, q.pk)), many=True).data


class SurveyWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100, required=False)
    intro = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    purpose = serializers.CharField(required=False, help_text=PURPOSE_HELP)
    anonymous = serializers.BooleanField(required=False,
                                         help_text="Fixed once the survey is published; respondents are told.")
    for_students = serializers.BooleanField(required=False)
    grades = serializers.ListField(child=IdField(), required=False,
                                   help_text="Grade ids; none with for_students: the whole school.")
    classes = serializers.ListField(child=IdField(), required=False, help_text="Class ids.")
    for_parents = serializers.BooleanField(required=False)
    parent_classes = serializers.ListField(child=IdField(), required=False,
                                           help_text="Class ids whose parents answer; none: every parent.")
    for_elders = serializers.BooleanField(required=False)
    for_teachers = serializers.BooleanField(required=False)
    opens_at = BoundedDateTimeField(required=False)
    closes_at = BoundedDateTimeField(required=False)


class SurveyCopySerializer(serializers.Serializer):
    new_version = serializers.BooleanField(
        required=False, default=False,
        help_text="true: a new version that replaces this survey when published; false: a survey of its own.")


def _of_school(actor, model, ids: list[int]) -> list:
    found = list(model.objects.filter(school=actor.school, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"classes": _("Choose grades and classes of your school.")})
    return found


def _audience_values(actor, data: dict) -> dict:
    out = {}
    for name in AUDIENCE:
        if name not in data:
            continue
        if name == "grades":
            out[name] = _of_school(actor, Grade, data[name])
        elif name in ("classes", "parent_classes"):
            out[name] = _of_school(actor, SchoolClass, data[name])
        else:
            out[name] = data[name]
    return out


@extend_schema(parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)])
class SurveyViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The surveys the caller manages, newest window first; ?status=, ?purpose=, ?q= filter. A survey's detail has
    its questions in order."""

    queryset = Survey.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = SurveySerializer
    capability = "surveys.create"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.survey_list(self.actor, q=params.get("q", "")[:50], status=params.get("status", ""),
                                     purpose=params.get("purpose", "")).prefetch_related(
            "grades", "classes", "parent_classes")

    def get_object(self):
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError):
            raise Http404 from None
        return selectors.survey_detail(self.actor, pk)

    def _detail(self, survey: Survey, status: int = 200) -> Response:
        survey = selectors.survey_detail(self.actor, survey.pk)
        return Response(SurveyDetailSerializer(survey).data, status=status)

    @extend_schema(responses=SurveyDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    @extend_schema(request=SurveyWriteSerializer, responses={201: SurveyDetailSerializer})
    def create(self, request, *args, **kwargs):
        body = SurveyWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        survey = services.survey_create(
            actor=self.actor, title=d.get("title", ""), intro=d.get("intro", ""),
            purpose=d.get("purpose", Purpose.GENERAL), anonymous=d.get("anonymous", True),
            opens_at=d.get("opens_at"), closes_at=d.get("closes_at"), **_audience_values(self.actor, d))
        return self._detail(survey, 201)

    @extend_schema(request=SurveyWriteSerializer, responses=SurveyDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        survey = self.get_object()
        body = SurveyWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        current = {"title": survey.title, "intro": survey.intro, "purpose": survey.purpose,
                   "anonymous": survey.anonymous, "opens_at": survey.opens_at, "closes_at": survey.closes_at,
                   "for_students": survey.for_students, "grades": list(survey.grades.all()),
                   "classes": list(survey.classes.all()), "for_parents": survey.for_parents,
                   "parent_classes": list(survey.parent_classes.all()), "for_elders": survey.for_elders,
                   "for_teachers": survey.for_teachers}
        given = {k: v for k, v in d.items() if k not in AUDIENCE}
        if "anonymous" not in d and survey.status != SurveyStatus.DRAFT:
            current["anonymous"] = None  # published: not touched
        services.survey_update(actor=self.actor, survey=survey,
                               **{**current, **given, **_audience_values(self.actor, d)})
        return self._detail(survey)

    # -- questions

    def _question(self, survey: Survey, qpk) -> Question:
        question = next((q for q in survey.questions.all() if str(q.pk) == str(qpk)), None)
        if question is None:
            raise Http404
        return question

    @extend_schema(methods=["GET"], responses=SurveyQuestionSerializer(many=True))
    @extend_schema(methods=["POST"], request=SurveyQuestionWriteSerializer, responses={201: SurveyQuestionSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def questions(self, request, pk=None):
        survey = self.get_object()
        if request.method == "GET":
            ordered = sorted(survey.questions.all(), key=lambda q: (q.order, q.pk))
            return Response(SurveyQuestionSerializer(ordered, many=True).data)
        body = SurveyQuestionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        position = values.pop("position", None)
        question = services.question_save(actor=self.actor, survey=survey, position=position, **values)
        return Response(SurveyQuestionSerializer(question).data, status=201)

    @extend_schema(methods=["PATCH"], request=SurveyQuestionSerializer, responses=SurveyQuestionSerializer,
                   parameters=[OpenApiParameter("qpk", OpenApiTypes.INT, OpenApiParameter.PATH)])
    @extend_schema(methods=["DELETE"], request=None, responses={204: None},
                   parameters=[OpenApiParameter("qpk", OpenApiTypes.INT, OpenApiParameter.PATH)])
    @action(detail=True, methods=["patch", "delete"], url_path=r"questions/(?P<qpk>[0-9]+)", url_name="question")
    def question(self, request, pk=None, qpk=None):
        survey = self.get_object()
        question = self._question(survey, qpk)
        if request.method == "DELETE":
            services.question_delete(actor=self.actor, survey=survey, question=question)
            return Response(status=204)
        body = SurveyQuestionSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        current = {f: getattr(question, f) for f in services.QUESTION_FIELDS}
        saved = services.question_save(actor=self.actor, survey=survey, question=question,
                                       **{**current, **body.validated_data})
        return Response(SurveyQuestionSerializer(saved).data)

    # -- the survey's life

    @extend_schema(request=None, responses=SurveyDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        survey = services.survey_publish(actor=self.actor, survey=self.get_object())
        return self._detail(survey)

    @extend_schema(request=None, responses=SurveyDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        survey = services.survey_close(actor=self.actor, survey=self.get_object())
        return self._detail(survey)

    @extend_schema(request=SurveyCopySerializer, responses={201: SurveyDetailSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        survey = self.get_object()
        body = SurveyCopySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = services.survey_copy(actor=self.actor, survey=survey, new_version=body.validated_data["new_version"])
        return self._detail(made, 201)
