"""The exchange with peer committees over the API (/api/v1/community/exchange/...): peers and entries, listed and
read by staff, written by the committee, through the same selectors, services and rules as the pages. A
contact's phone is in full for the committee only. Out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.models import User
from xinhuo.core.params import BoundedDateField, IdField, query_id

from . import selectors, services
from .models import (
    CONTACT_MAX,
    DONE_NOTE_MAX,
    NAME_MAX,
    NOTE_MAX,
    PEOPLE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Direction,
    EntryKind,
    ExchangeEntry,
    Peer,
    PeerKind,
)
from .rules import can

PATHS: list = []

KIND_HELP = "One of: " + ", ".join(EntryKind.values) + "."
PEER_KIND_HELP = "One of: " + ", ".join(PeerKind.values) + "."
DIRECTION_HELP = ("For a visit or a document: in (they came / received) or out (we went / sent); empty for the "
                  "other kinds.")


class ExchangePeerSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PeerKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    contact_phone = serializers.SerializerMethodField(help_text="In full for the committee, masked for others.")

    class Meta:
        model = Peer
        fields = ["id", "name", "kind", "kind_label", "contact_name", "contact_phone", "since", "note", "active"]
        read_only_fields = fields

    def get_contact_phone(self, obj) -> str:
        return selectors.phone_shown(self.context["actor"], obj)


class ExchangePeerWriteSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, max_length=NAME_MAX)
    kind = serializers.CharField(default=PeerKind.SISTER, help_text=PEER_KIND_HELP)
    contact_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=CONTACT_MAX)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                          help_text="A mobile or a landline with its area code; left out: kept.")
    since = BoundedDateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX)
    active = serializers.BooleanField(required=False, default=True)


class PeerViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The school's peer committees (active ones; ?inactive=1 for all; ?kind=), for staff; writes for the
    committee."""

    queryset = Peer.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = ExchangePeerSerializer
    capability = "community.exchange.view"

    def get_queryset(self):
        params = self.request.query_params
        return selectors.peer_list(self.actor, kind=params.get("kind", ""),
                                   show_inactive=params.get("inactive") in ("1", "true"))

    def get_object(self):
        return selectors.peer_detail(self.actor, self.kwargs["pk"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.actor}

    def _answer(self, peer: Peer, code=status.HTTP_200_OK) -> Response:
        return Response(ExchangePeerSerializer(peer, context={"actor": self.actor}).data, status=code)

    @extend_schema(parameters=[OpenApiParameter("kind", str, description=PEER_KIND_HELP),
                               OpenApiParameter("inactive", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ExchangePeerWriteSerializer, responses={201: ExchangePeerSerializer})
    def create(self, request):
        self.actor.require("community.exchange.manage")
        data = ExchangePeerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "active"}
        return self._answer(services.peer_create(actor=self.actor, **fields), status.HTTP_201_CREATED)

    @extend_schema(request=ExchangePeerWriteSerializer, responses=ExchangePeerSerializer)
    def partial_update(self, request, pk=None):
        peer = self.get_object()
        if not can(self.actor, "manage", peer):
            raise Http404
        data = ExchangePeerWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        current = {"name": peer.name, "kind": peer.kind, "contact_name": peer.contact_name, "contact_phone": None,
                   "since": peer.since, "note": peer.note, "active": peer.active}
        return self._answer(services.peer_update(actor=self.actor, peer=peer,
                                                 **{**current, **data.validated_data}))

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        peer = self.get_object()
        services.peer_delete(actor=self.actor, peer=peer)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExchangePhotoRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("community:exchange-photo", args=[obj.pk])


class ExchangeEntrySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    direction = serializers.CharField(help_text=DIRECTION_HELP)
    direction_label = serializers.CharField()
    peer_name = serializers.CharField(source="peer.name")
    activity_title = serializers.CharField(source="activity.title", default=None)
    owner_name = serializers.CharField(source="owner.display_name", default=None)
    file_url = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ExchangeEntry
        fields = ["id", "peer", "peer_name", "kind", "kind_label", "direction", "direction_label", "date", "title",
                  "participants", "summary", "activity", "activity_title", "file_name", "file_url", "to_handle",
                  "due", "owner", "owner_name", "done_at", "done_note", "overdue"]
        read_only_fields = fields

    def get_file_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("community:exchange-entry-file", args=[obj.pk]) if obj.file else None

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class ExchangeEntryDetailSerializer(ExchangeEntrySerializer):
    photos = ExchangePhotoRefSerializer(many=True, read_only=True)

    class Meta(ExchangeEntrySerializer.Meta):
        fields = [*ExchangeEntrySerializer.Meta.fields, "photos"]
        read_only_fields = fields


class ExchangeEntryWriteSerializer(serializers.Serializer):
    peer = IdField()
    kind = serializers.CharField(help_text=KIND_HELP)
    direction = serializers.CharField(required=False, allow_blank=True, default="", help_text=DIRECTION_HELP)
    date = BoundedDateField(allow_null=True)
    title = serializers.CharField(allow_blank=True, max_length=TITLE_MAX)
    participants = serializers.CharField(required=False, allow_blank=True, default="", max_length=PEOPLE_MAX)
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=SUMMARY_MAX)
    activity = IdField(required=False, allow_null=True, default=None,
                       help_text="An activity of this school, for a shared activity.")
    file = serializers.FileField(required=False, allow_null=True, default=None,
                                 help_text="A document (multipart): PDF, Word, Excel, PowerPoint or a picture.")
    photos = serializers.ListField(child=serializers.ImageField(), required=False, default=list,
                                   help_text="Photos (multipart), at most 9 at a time.")
    to_handle = serializers.BooleanField(required=False, default=False,
                                         help_text="A document received from a higher-level committee to handle.")
    due = BoundedDateField(required=False, allow_null=True, default=None)
    owner = IdField(required=False, allow_null=True, default=None, help_text="A staff member's user id.")


class ExchangeEntryDoneSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=DONE_NOTE_MAX)


class EntryViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The exchange log, newest first (?peer=, ?kind=, ?year=, ?open=1: documents still to handle, soonest due
    first), for staff; writes for the committee; `done` for the document's owner or the committee."""

    queryset = ExchangeEntry.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = ExchangeEntrySerializer
    capability = "community.exchange.view"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        params = self.request.query_params
        year = query_id(params, "year")
        return selectors.entry_list(self.actor, peer=query_id(params, "peer"), kind=params.get("kind", ""),
                                    year=year if year and 2000 <= year <= 2100 else None,
                                    open_only=params.get("open") in ("1", "true"))

    def get_object(self):
        return selectors.entry_detail(self.actor, self.kwargs["pk"])

    def get_serializer_class(self):
        return ExchangeEntrySerializer if self.action == "list" else ExchangeEntryDetailSerializer

    def _answer(self, entry: ExchangeEntry, code=status.HTTP_200_OK) -> Response:
        return Response(ExchangeEntryDetailSerializer(selectors.entry_detail(self.actor, entry.pk)).data, status=code)

    def _args(self, data: dict) -> dict:
        actor = self.actor
        owner = User.objects.filter(pk=data["owner"]).first() if data.get("owner") else None
        return {"peer": selectors.peers(actor).filter(pk=data["peer"]).first(), "kind": data["kind"],
                "date": data["date"], "title": data["title"], "direction": data.get("direction") or "",
                "participants": data.get("participants") or "", "summary": data.get("summary") or "",
                "activity": selectors.activity_for(actor, data.get("activity")), "upload": data.get("file"),
                "photos": data.get("photos") or [], "to_handle": data.get("to_handle") or False,
                "due": data.get("due"), "owner": owner}

    @extend_schema(parameters=[OpenApiParameter("peer", int), OpenApiParameter("kind", str, description=KIND_HELP),
                               OpenApiParameter("year", int), OpenApiParameter("open", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ExchangeEntryWriteSerializer, responses={201: ExchangeEntryDetailSerializer})
    def create(self, request):
        self.actor.require("community.exchange.manage")
        data = ExchangeEntryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.entry_create(actor=self.actor, **self._args(data.validated_data))
        return self._answer(entry, status.HTTP_201_CREATED)

    @extend_schema(request=ExchangeEntryWriteSerializer, responses=ExchangeEntryDetailSerializer)
    def partial_update(self, request, pk=None):
        entry = self.get_object()
        if not can(self.actor, "manage", entry):
            raise Http404
        data = ExchangeEntryWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        current = {"peer": entry.peer_id, "kind": entry.kind, "direction": entry.direction, "date": entry.date,
                   "title": entry.title, "participants": entry.participants, "summary": entry.summary,
                   "activity": entry.activity_id, "to_handle": entry.to_handle, "due": entry.due,
                   "owner": entry.owner_id}
        args = self._args({**current, **data.validated_data})
        return self._answer(services.entry_update(actor=self.actor, entry=entry, **args))

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.entry_delete(actor=self.actor, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ExchangeEntryDoneSerializer, responses=ExchangeEntryDetailSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        entry = self.get_object()
        if not (can(self.actor, "manage", entry) or entry.owner_id == self.actor.user.pk):
            raise Http404
        data = ExchangeEntryDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.entry_done(actor=self.actor, entry=entry, note=data.validated_data["note"]))


__all__ = ["Direction", "EntryViewSet", "PeerViewSet"]
