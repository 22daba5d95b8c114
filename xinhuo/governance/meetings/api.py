"""Meetings over the API (/api/v1/governance/meetings/ and /governance/actions/): one's meetings (the same scope as
the pages), a meeting with its agenda and one's invitation, a reply from a phone, the attendance one tap per person
(the chair, the minute taker, the committee), and action items closed with a note. Same selectors, services and
rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import IdField

from . import selectors, services
from .models import ActionItem, ActionStatus, Attendance, Invitation, Meeting, MeetingKind, MeetingStatus, Reply
from .rules import VIEW, can

PATHS: list = []


class MeetingInvitationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "user", "name", "reply", "reply_note", "replied_at", "attendance", "marked_at"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    chair_name = serializers.SerializerMethodField()
    recorder_name = serializers.SerializerMethodField()
    n_invited = serializers.IntegerField(read_only=True, default=None)
    n_yes = serializers.IntegerField(read_only=True, default=None)
    my_reply = serializers.CharField(read_only=True, default=None, help_text="The actor's reply when invited.")

    class Meta:
        model = Meeting
        fields = ["id", "kind", "kind_label", "title", "starts_at", "ends_at", "place", "chair", "chair_name",
                  "recorder", "recorder_name", "status", "status_label", "n_invited", "n_yes", "my_reply"]
        read_only_fields = fields

    def get_chair_name(self, obj) -> str:
        return obj.chair.display_name if obj.chair else ""

    def get_recorder_name(self, obj) -> str:
        return obj.recorder.display_name if obj.recorder else ""


class MeetingDetailSerializer(MeetingSerializer):
    agenda = serializers.CharField(read_only=True)
    my_invitation = serializers.SerializerMethodField()
    invitations = serializers.SerializerMethodField(
        help_text="Every invitee's reply and attendance: for the chair, the minute taker and the committee only.")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda", "my_invitation", "invitations"]
        read_only_fields = fields

    def _actor(self):
        return self.context["actor"]

    @extend_schema_field(MeetingInvitationSerializer(allow_null=True))
    def get_my_invitation(self, obj) -> dict | None:
        mine = obj.invitations.filter(user_id=self._actor().user.pk).select_related("user").first()
        return MeetingInvitationSerializer(mine).data if mine else None

    @extend_schema_field(MeetingInvitationSerializer(many=True, allow_null=True))
    def get_invitations(self, obj) -> list | None:
        if not can(self._actor(), "record_meeting", obj):
            return None
        return list(MeetingInvitationSerializer(selectors.invitations(obj), many=True).data)


class MeetingReplySerializer(serializers.Serializer):
    reply = serializers.ChoiceField(choices=[c for c in Reply.choices if c[0] != Reply.PENDING])
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MeetingAttendanceSerializer(serializers.Serializer):
    invitation = IdField()
    attendance = serializers.ChoiceField(choices=[c for c in Attendance.choices if c[0]])


class MeetingViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The meetings the actor sees (the committee all; others those they are invited to, chair, minute or hold an
    action item of). `reply` answers one's invitation; `attendance` marks one invitee."""

    queryset = Meeting.objects.none()
    capability = VIEW

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": getattr(self.request, "actor", None)}

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.meeting_list(self.actor, status=p.get("status", ""), kind=p.get("kind", ""),
                                      when=p.get("when", ""))

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=MeetingStatus.values),
                               OpenApiParameter("kind", str, enum=MeetingKind.values),
                               OpenApiParameter("when", str, enum=["coming", "past"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=MeetingReplySerializer, responses=MeetingInvitationSerializer)
    @action(detail=True, methods=["post", "patch"])
    def reply(self, request, pk=None):
        meeting = self.get_object()
        if not meeting.invitations.filter(user_id=self.actor.user.pk).exists():
            raise Http404
        body = MeetingReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        invitation = services.invitation_reply(actor=self.actor, meeting=meeting, **body.validated_data)
        return Response(MeetingInvitationSerializer(invitation).data)

    @extend_schema(request=MeetingAttendanceSerializer, responses=MeetingInvitationSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        meeting = self.get_object()
        if not can(self.actor, "record_meeting", meeting):
            raise Http404
        body = MeetingAttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        invitation = services.attendance_mark(actor=self.actor, meeting=meeting,
                                              invitation_id=body.validated_data["invitation"],
                                              attendance=body.validated_data["attendance"])
        return Response(MeetingInvitationSerializer(invitation).data)


class ActionItemSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    owner_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "meeting_title", "title", "owner", "owner_name", "due_on", "plan_task", "status",
                  "status_label", "closing_note", "closed_at"]
        read_only_fields = fields

    def get_owner_name(self, obj) -> str:
        return obj.owner.display_name if obj.owner else ""


class ActionCloseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True)
    drop = serializers.BooleanField(required=False, default=False)


class ActionItemViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Action items: one's own (`scope=mine`, the default), or for the committee every one (`scope=all`);
    `status` open / done / dropped / overdue. `close` with a closing note (or `drop` with a reason: the committee)."""

    queryset = ActionItem.objects.none()
    capability = VIEW
    serializer_class = ActionItemSerializer

    def get_queryset(self):
        p = self.request.query_params
        if self.action != "list":
            return selectors.action_items(self.actor).order_by("due_on", "pk")
        return selectors.action_list(self.actor, scope=p.get("scope", "mine"), status=p.get("status", ""))

    @extend_schema(parameters=[OpenApiParameter("scope", str, enum=["mine", "all"]),
                               OpenApiParameter("status", str, enum=[*ActionStatus.values, "overdue"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ActionCloseSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        drop = str(request.data.get("drop", "")).lower() in ("1", "true")
        if not can(self.actor, "drop_action" if drop else "close_action", item):
            raise Http404
        body = ActionCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.action_close(actor=self.actor, item=item, **body.validated_data)
        return Response(ActionItemSerializer(item).data)
