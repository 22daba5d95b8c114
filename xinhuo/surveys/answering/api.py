"""Answering over the API (/api/v1/surveys/open/), for a mini-program: the caller's open surveys, one survey with
its questions and the rules of its answers, and submitting (POST {id}/submit/) or, for a named survey, keeping a
draft (POST {id}/draft/). The same selectors and service as the pages: outside the audience 404, a refusal 400
with the messages by question key.

Submitting is the hot path (the bench drives hundreds a second): it reads the survey, the caller's seat and the
questions once each and writes two rows and a counter; nothing else. An anonymous survey's answer is never named
in a reply: no response id, no name."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateTimeField, IdField

from .. import services
from ..models import Survey
from ..questions import Kind
from . import selectors

CANONICAL = (
    "Answers by question key, each in its kind's canonical form: single: the option's index (0-based); multiple: "
    "a list of option indices; likert, rating: 1..points; short_text, long_text: a string (at most 200 / 2000 "
    "characters); number: a number; date: \"YYYY-MM-DD\"; matrix: {\"<row index>\": 1..points} for every row; "
    "ranking: every option index, most preferred first. Sections and page breaks take no answer; a question "
    "hidden by its show_if is not answered (an answer to it is dropped). Example: "
    "{\"q1\": 0, \"q2\": [0, 2], \"q3\": 4, \"q6\": \"挺好的\", \"q9\": \"2026-11-20\", \"q12\": {\"0\": 5, \"1\": 3}, "
    "\"q13\": [1, 0, 2]}.")
KIND_HELP = "One of: " + ", ".join(Kind.values) + " (section and page are layout, not questions)."
STATE_HELP = "new, draft (a named survey begun) or answered."
SHOW_IF_HELP = ("Shown only when an earlier answer matches: {\"key\": ..., \"values\": [...]} (choice, Likert, "
                "rating: the answer is, or for multiple choice contains, one of the values) or {\"key\": ..., "
                "\"min\": x, \"max\": y} (a number); null: always shown. A section's condition holds for every "
                "question up to the next section.")


class OpenSurveySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="survey.pk")
    title = serializers.CharField(source="survey.title")
    anonymous = serializers.BooleanField(source="survey.anonymous",
                                         help_text="Anonymous: the answer is kept with no name, class or time.")
    closes_at = BoundedDateTimeField(source="survey.closes_at")
    state = serializers.CharField(help_text=STATE_HELP)
    answered = serializers.SerializerMethodField()

    def get_answered(self, obj) -> bool:
        return obj.state == "answered"


class OpenQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(help_text=KIND_HELP)
    text = serializers.CharField()
    help_text = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.help_text
    required = serializers.BooleanField()  # type: ignore[assignment]  # a declared field, not Field.required
    options = serializers.ListField(child=serializers.CharField(),
                                    help_text="single, multiple, ranking: the options; an answer names their index.")
    rows = serializers.ListField(child=serializers.CharField(), help_text="matrix: the rows.")
    points = serializers.IntegerField(allow_null=True, help_text="likert, rating, matrix: the scale's points.")
    scale_labels = serializers.ListField(child=serializers.CharField(),
                                         help_text="likert, rating, matrix: the labels of points 1..points.")
    min_choices = serializers.IntegerField(allow_null=True)
    max_choices = serializers.IntegerField(allow_null=True)
    min_value = serializers.FloatField(allow_null=True)
    max_value = serializers.FloatField(allow_null=True)
    show_if = serializers.JSONField(allow_null=True, help_text=SHOW_IF_HELP)

    def to_representation(self, q):
        return {"key": q.key, "kind": q.kind, "text": q.text, "help_text": q.help_text, "required": q.required,
                "options": list(q.options), "rows": list(q.rows), "points": q.points,
                "scale_labels": q.scale_labels() if q.points else [], "min_choices": q.min_choices,
                "max_choices": q.max_choices, "min_value": q.min_value, "max_value": q.max_value,
                "show_if": dict(q.show_if) if q.show_if else None}


class SurveyToAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    intro = serializers.CharField()
    anonymous = serializers.BooleanField(help_text="Anonymous: the answer is kept with no name, class or time, "
                                                   "and no draft is kept (submit every answer at once).")
    closes_at = BoundedDateTimeField()
    open = serializers.BooleanField(help_text="Whether answers are taken now.")
    answered = serializers.BooleanField()
    questions = OpenQuestionSerializer(many=True, help_text="In order, sections and page breaks included.")
    draft = serializers.DictField(help_text="A named survey: the caller's draft answers (canonical); else {}.")


class SurveyAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.JSONField(), help_text=CANONICAL)


class SurveyDraftAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.JSONField(), help_text=(
        "Some answers to keep in the draft (the same forms as submit); required questions are not asked for "
        "until the survey is submitted."))


class SurveySubmittedSerializer(serializers.Serializer):
    survey = IdField()
    submitted = serializers.BooleanField()
    response = IdField(required=False, help_text="A named survey's response id; never given for "
                                                                  "an anonymous survey.")


class SurveyDraftSavedSerializer(serializers.Serializer):
    survey = IdField()
    draft = serializers.DictField(help_text="Every answer the draft now holds.")


REFUSED = OpenApiResponse(description=(
    "Refused: {\"<question key>\": [message]} for answers that are missing or invalid, or {\"detail\": [message]} "
    "when the survey is closed, not yet open or already answered. Nothing is written."))


class OpenSurveyViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The surveys the caller may answer now (their audience, open), each with its state; a survey's questions
    and rules; submitting answers once."""

    queryset = Survey.objects.none()  # for the schema; the selectors scope real requests
    serializer_class = OpenSurveySerializer
    capability = "surveys.answer"
    lookup_value_regex = r"\d+"

    def list(self, request, *args, **kwargs):
        rows = selectors.my_surveys(self.actor)
        page = self.paginate_queryset(rows)  # type: ignore[arg-type]  # a short list, paged as the others
        if page is not None:
            return self.get_paginated_response(OpenSurveySerializer(page, many=True).data)
        return Response(OpenSurveySerializer(rows, many=True).data)

    @extend_schema(responses=SurveyToAnswerSerializer)
    def retrieve(self, request, pk=None):
        actor = self.actor
        survey, _who = selectors.answer_survey(actor, pk)
        data = {"id": survey.pk, "title": survey.title, "intro": survey.intro, "anonymous": survey.anonymous,
                "closes_at": survey.closes_at, "open": survey.is_open(), "answered": selectors.answered(actor, survey),
                "questions": survey.specs(), "draft": services.draft_of(actor, survey)}
        return Response(SurveyToAnswerSerializer(data).data)

    def _answers(self, request, serializer_class) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["answers"]

    @extend_schema(request=SurveyAnswersSerializer, responses={201: SurveySubmittedSerializer, 400: REFUSED},
                   description="Submit every answer at once. " + CANONICAL,
                   examples=[OpenApiExample("answers", request_only=True,
                                            value={"answers": {"q1": 0, "q2": [0, 2], "q3": 4}})])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        actor = self.actor
        survey, who = selectors.answer_survey(actor, pk)
        answers = self._answers(request, SurveyAnswersSerializer)
        response = services.response_save(actor=actor, survey=survey, raw=answers, submit=True, who=who)
        body = {"survey": survey.pk, "submitted": True}
        if not survey.anonymous and response is not None:
            body["response"] = response.pk
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=SurveyDraftAnswersSerializer, responses={200: SurveyDraftSavedSerializer, 400: REFUSED},
                   description="A named survey: keep these answers as the caller's draft (checked, not required). "
                               "An anonymous survey keeps no draft: 400.")
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        actor = self.actor
        survey, who = selectors.answer_survey(actor, pk)
        answers = self._answers(request, SurveyDraftAnswersSerializer)
        if survey.anonymous:
            raise DRFValidationError({"detail": [_("An anonymous survey keeps no draft: submit every answer at "
                                                   "once.")]})
        services.response_save(actor=actor, survey=survey, raw=answers, submit=False, page=list(answers), who=who)
        return Response({"survey": survey.pk, "draft": services.draft_of(actor, survey)})
