"""The assistant over the API: POST /api/v1/library/assistant/ {"question": ...} -> the answer, its citations
(items the asker may see) and how it was made. The same service as the page, so the same checks and log."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin

from . import services
from .models import AssistantMode
from .rules import ASK, require_ask


class AssistantQuestionSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=services.QUESTION_MAX, trim_whitespace=True)


class AssistantCitationSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="The number the answer cites it by: [n].")
    kind = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class AssistantAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()
    citations = AssistantCitationSerializer(many=True)
    mode = serializers.ChoiceField(choices=AssistantMode.choices, help_text=(
        "extractive: passages from the library; model: the configured model's answer from those passages; "
        "nothing: nothing found; refused: the question held personal data; crisis: help and (for a student) the "
        "counsellors alerted."))


class AssistantView(ActorMixin, APIView):
    """Ask the 德育 assistant a question; it answers from the library the asker may see, with citations."""

    capability = ASK

    @extend_schema(request=AssistantQuestionSerializer, responses=AssistantAnswerSerializer)
    def post(self, request):
        require_ask(self.actor)
        data = AssistantQuestionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.assistant_ask(actor=self.actor, question=data.validated_data["question"])
        return Response(AssistantAnswerSerializer({"answer": answer.text, "citations": answer.citations,
                                          "mode": answer.mode}).data)


PATHS: list = [path("library/assistant/", AssistantView.as_view(), name="library-assistant")]
