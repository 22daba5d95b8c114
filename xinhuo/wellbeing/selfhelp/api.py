"""The self-help corner over the API (/api/v1/wellbeing/...), for a future mini-program: the items the caller may
read (the same selectors as the pages: first-aid guides first; an article's text as the plain text it is kept in;
an audio item the address of the page that streams it, never the stored file's path), the active peer supporters
for the students (name and class; the counsellors also see the training), and a student's own talk requests with
asking for one. Answering a request stays on the counsellors' pages, and a request's message is never sent back.
Out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateField
from xinhuo.core.services import access_log_record

from ..models import PeerSupporter, SelfHelpItem, TalkRequest
from . import selectors, services
from .views import SUPPORTER

KIND_HELP = "One of: " + ", ".join(SelfHelpItem.Kind.values) + "."
WITH_HELP = "One of: " + ", ".join(TalkRequest.With.values) + "."
STATUS_HELP = "One of: " + ", ".join(TalkRequest.Status.values) + "."


# --- items ---------------------------------------------------------------------------------------------------------


class SelfHelpItemSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display")
    grades = serializers.SerializerMethodField(help_text="The grades it is for; empty: every grade.")
    audio_url = serializers.SerializerMethodField(
        help_text="An audio item: the address that streams its audio (signed in); null otherwise.")

    class Meta:
        model = SelfHelpItem
        fields = ["id", "title", "kind", "kind_label", "topic", "grades", "for_parents", "published", "audio_url"]

    def get_grades(self, obj) -> list[str]:
        return [g.name for g in obj.grades.all()]

    def get_audio_url(self, obj) -> str | None:
        if obj.kind != SelfHelpItem.Kind.AUDIO or not obj.audio:
            return None
        url = reverse("wellbeing:selfhelp-audio", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class SelfHelpItemDetailSerializer(SelfHelpItemSerializer):
    body = serializers.CharField(help_text="The text, plain; an empty line starts a new paragraph.")

    class Meta(SelfHelpItemSerializer.Meta):
        fields = [*SelfHelpItemSerializer.Meta.fields, "body"]


class SelfHelpItemViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The published items the caller may read (the counsellors: every item of the school), first-aid guides first;
    ?topic= and ?kind= filter. An item's detail has its text."""

    queryset = SelfHelpItem.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = SelfHelpItemSerializer
    capability = "selfhelp.view"

    def get_queryset(self):
        params = self.request.query_params
        return selectors.item_list(self.actor, topic=params.get("topic", ""), kind=params.get("kind", ""))

    def get_object(self):
        return selectors.item_detail(self.actor, int(self.kwargs["pk"]))

    def get_serializer_class(self):
        return SelfHelpItemDetailSerializer if self.action == "retrieve" else SelfHelpItemSerializer

    @extend_schema(responses=SelfHelpItemDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


# --- peer supporters -----------------------------------------------------------------------------------------------


class PeerSupporterSerializer(serializers.Serializer):
    name = serializers.CharField(source="student.name")
    school_class = serializers.CharField(source="student.school_class")


class PeerSupporterManagedSerializer(PeerSupporterSerializer):
    """What the counsellors see of a peer supporter."""

    id = serializers.IntegerField()
    training = serializers.CharField()
    trained_on = BoundedDateField()
    active = serializers.BooleanField()


class PeerSupporterViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The active peer supporters, for the students (name and class only); the counsellors see every one with
    their training. Nobody else: 404."""

    queryset = PeerSupporter.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = PeerSupporterSerializer
    capability = "selfhelp.view"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors.sees_supporters(self.actor):
            raise Http404

    def get_queryset(self):
        return selectors.supporters(self.actor)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or not selectors.manages(self.actor):
            return PeerSupporterSerializer
        return PeerSupporterManagedSerializer

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if selectors.manages(self.actor):  # as the page: the counsellors' reading of the list is logged
            count = response.data.get("count") if isinstance(response.data, dict) else None
            access_log_record(self.actor, "list", SUPPORTER, request=request, detail={"count": count, "api": True})
        return response


# --- talk requests -------------------------------------------------------------------------------------------------


class TalkRequestSerializer(serializers.ModelSerializer):
    with_whom = serializers.CharField(help_text=WITH_HELP)
    with_whom_label = serializers.CharField(source="get_with_whom_display")
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")
    answer = serializers.CharField(help_text="The counsellor's answer to the student; empty while waiting.")

    class Meta:
        model = TalkRequest
        fields = ["id", "with_whom", "with_whom_label", "status", "status_label", "answer", "created_at"]


class TalkAskSerializer(serializers.Serializer):
    with_whom = serializers.CharField(help_text=WITH_HELP)
    message = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Optional; only the counsellors read it.")


class TalkRequestViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A student's own requests to talk with a peer supporter or a heart mentor, newest first, with the
    counsellor's answer; POST asks (one waiting request of each kind at a time)."""

    queryset = TalkRequest.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = TalkRequestSerializer
    capability = "talk.request"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.actor.student_id is None:
            raise Http404

    def get_queryset(self):
        return selectors.my_talk_requests(self.actor)

    @extend_schema(request=TalkAskSerializer, responses={201: TalkRequestSerializer})
    def create(self, request, *args, **kwargs):
        body = TalkAskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        talk = services.talk_request(actor=self.actor, with_whom=body.validated_data["with_whom"],
                                     message=body.validated_data["message"])
        return Response(TalkRequestSerializer(self.get_queryset().get(pk=talk.pk)).data, status=201)
