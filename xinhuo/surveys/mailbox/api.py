"""The mailbox over the API (/api/v1/mailbox/...), for a future mini-program: the same selectors and services as
the pages. POST mailbox/write/ (any logged-in user of the school; the tracking code is in the answer, once), POST
mailbox/lookup/ {"code"} (no login; rate-limited: 429), and the handlers' letters (mailbox/messages: list,
retrieve, assign, reply, close). Out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.access import Actor
from xinhuo.core.api import ActorMixin
from xinhuo.core.models import User
from xinhuo.core.params import BoundedDateField, IdField
from xinhuo.core.services import access_log_record, client_ip

from ..models import Audience, Box, Message, MessageStatus
from ..rules import can
from . import selectors, services
from .views import MESSAGE

BOX_HELP = "One of: " + ", ".join(Box.values) + "."
STATUS_HELP = "One of: " + ", ".join(MessageStatus.values) + "."
ROLE_HELP = "One of: " + ", ".join(Audience.values) + "."


# --- writing and looking up -----------------------------------------------------------------------------------------


class MailboxWriteSerializer(serializers.Serializer):
    box = serializers.CharField(default=Box.PRINCIPAL, help_text=BOX_HELP)
    subject = serializers.CharField(allow_blank=True, help_text=f"At most {services.SUBJECT_MAX} characters.")
    body = serializers.CharField(allow_blank=True, help_text=f"At most {services.BODY_MAX} characters.")
    anonymous = serializers.BooleanField(default=True, help_text="Anonymous (the default): no name, account, "
                                         "address or time of day is kept, only the day.")
    writer_role = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text=ROLE_HELP + " Empty: the caller's first.")


class MailboxWrittenSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The tracking code, shown this once: only its keyed hash is kept.")
    box = serializers.CharField()
    subject = serializers.CharField()
    received_on = BoundedDateField()


class MailboxLookupSerializer(serializers.Serializer):
    code = serializers.CharField(allow_blank=True, help_text="The 8-character tracking code (a dash may be kept).")


class MailboxLookedUpSerializer(serializers.Serializer):
    box = serializers.CharField(help_text=BOX_HELP)
    box_label = serializers.CharField(source="get_box_display")
    subject = serializers.CharField()
    received_on = BoundedDateField()
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")
    reply = serializers.CharField(allow_null=True, help_text="Null until the committee replies.")
    replied_on = BoundedDateField(allow_null=True)
    replied_by = serializers.SerializerMethodField(help_text="Always the committee, never a person's name.")

    def get_replied_by(self, obj) -> str | None:
        return _("The committee (关工委)") if obj.reply else None


class WriteView(ActorMixin, APIView):
    """Write a letter to the mailbox; the answer holds the tracking code, which is not kept (only its hash)."""

    capability = "mailbox.write"

    @extend_schema(request=MailboxWriteSerializer, responses={201: MailboxWrittenSerializer})
    def post(self, request):
        data = MailboxWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message, code = services.message_write(actor=self.actor, **data.validated_data)
        return Response(MailboxWrittenSerializer({"code": services.show_code(code), "box": message.box,
                                           "subject": message.subject, "received_on": message.received_on}).data,
                        status=status.HTTP_201_CREATED)


class LookupView(APIView):
    """The status and reply of the letter of a tracking code; no login. A wrong code is 400; too many look-ups
    from one address (or of one code) in 15 minutes: 429."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # no session, so no CSRF token is asked of a mini-program or a page

    @extend_schema(request=MailboxLookupSerializer, responses=MailboxLookedUpSerializer)
    def post(self, request):
        data = MailboxLookupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            message = services.message_lookup(code=data.validated_data["code"], client=client_ip(request))
        except services.TooManyLookups as exc:
            raise Throttled(wait=services.LOOKUP_WINDOW, detail=str(exc)) from None
        return Response(MailboxLookedUpSerializer(message).data)


# --- the handlers' letters ------------------------------------------------------------------------------------------


class MailboxStepSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField(help_text=STATUS_HELP)
    comment = serializers.CharField()
    by = serializers.SerializerMethodField(help_text="Who took the step; null for an anonymous letter's receipt.")
    at = serializers.SerializerMethodField(help_text="When; an anonymous letter's receipt: its day only.")

    def get_by(self, obj) -> str | None:
        return obj.by.display_name if obj.by else None

    def get_at(self, obj) -> str:
        return obj.at.date().isoformat() if not obj.from_status and obj.by is None else obj.at.isoformat()


class MailboxMessageSerializer(serializers.ModelSerializer):
    box = serializers.CharField(help_text=BOX_HELP)
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")
    writer_role = serializers.CharField(help_text=ROLE_HELP)
    assignee_name = serializers.CharField(source="assignee.display_name", default=None)
    overdue = serializers.BooleanField(source="is_overdue")

    class Meta:
        model = Message
        fields = ["id", "box", "subject", "anonymous", "writer_role", "received_on", "status", "status_label",
                  "assignee", "assignee_name", "reply_due", "overdue", "replied_on", "reply_public", "flagged"]


class MailboxMessageDetailSerializer(MailboxMessageSerializer):
    writer_name = serializers.SerializerMethodField(help_text="A signed letter's writer; null when anonymous.")
    steps = MailboxStepSerializer(many=True)

    class Meta(MailboxMessageSerializer.Meta):
        fields = [*MailboxMessageSerializer.Meta.fields, "body", "writer_name", "reply", "show_body", "flag_words",
                  "steps"]

    def get_writer_name(self, obj) -> str | None:
        return None if obj.anonymous or obj.writer is None else obj.writer.display_name


class MailboxAssignSerializer(serializers.Serializer):
    assignee = IdField(help_text="A staff member of the school who handles the mailbox.")
    reply_due = BoundedDateField(required=False, allow_null=True,
                                      help_text="Empty: today plus the school's reply days.")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MailboxReplySerializer(serializers.Serializer):
    reply = serializers.CharField(allow_blank=True)
    reply_public = serializers.BooleanField(default=False)
    show_body = serializers.BooleanField(default=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class MailboxCloseSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Required when the letter has no reply.")


def _handler(actor: Actor) -> Actor:
    if not selectors.handles(actor):
        from django.http import Http404

        raise Http404
    return actor


class MessageViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The letters the caller handles (the committee: all; others: assigned to them; counsellors and the
    safeguarding lead also the flagged ones), newest first; ?status=, ?box=, ?overdue=1, ?flagged=1."""

    queryset = Message.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = MailboxMessageSerializer
    capability = "mailbox.write"  # who handles is decided per actor (selectors.handles)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _handler(self.actor)

    def get_queryset(self):
        params = self.request.query_params
        status_ = params.get("status", "")
        box = params.get("box", "")
        return selectors.message_list(
            self.actor, status=status_ if status_ in MessageStatus.values else "",
            box=box if box in Box.values else "", overdue=params.get("overdue") in ("1", "true"),
            flagged=params.get("flagged") in ("1", "true"))

    def get_object(self):
        return selectors.message_detail(self.actor, self.kwargs["pk"])

    def get_serializer_class(self):
        return MailboxMessageSerializer if self.action == "list" else MailboxMessageDetailSerializer

    @extend_schema(parameters=[
        OpenApiParameter("status", str, description=STATUS_HELP), OpenApiParameter("box", str, description=BOX_HELP),
        OpenApiParameter("overdue", bool), OpenApiParameter("flagged", bool)])
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        count = response.data.get("count") if isinstance(response.data, dict) else None
        access_log_record(self.actor, "list", MESSAGE, request=request, detail={"count": count, "api": True})
        return response

    @extend_schema(responses=MailboxMessageDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        message = self.get_object()
        access_log_record(self.actor, "view", MESSAGE, message.pk, field="body", request=request,
                          detail={"api": True})
        return Response(MailboxMessageDetailSerializer(message).data)

    def _answer(self, message: Message) -> Response:
        return Response(MailboxMessageDetailSerializer(selectors.message_detail(self.actor, message.pk)).data)

    @extend_schema(request=MailboxAssignSerializer, responses=MailboxMessageDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        message = self.get_object()
        if not can(self.actor, "assign_message", message):  # the rule before the body: one who may not gets 404
            raise Http404
        data = MailboxAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # an unknown person is the service's refusal (after its rule: a non-committee caller gets 404 first)
        assignee = User.objects.filter(pk=data.validated_data["assignee"]).first()
        done = services.message_assign(actor=self.actor, message=message, assignee=assignee,
                                       reply_due=data.validated_data.get("reply_due"),
                                       comment=data.validated_data["comment"])
        return self._answer(done)

    @extend_schema(request=MailboxReplySerializer, responses=MailboxMessageDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        message = self.get_object()
        data = MailboxReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.message_reply(actor=self.actor, message=message, **data.validated_data))

    @extend_schema(request=MailboxCloseSerializer, responses=MailboxMessageDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        message = self.get_object()
        data = MailboxCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.message_close(actor=self.actor, message=message, **data.validated_data))


# mounted under /api/v1/ before the router (manifest.py), so "write" and "lookup" are never read as ids
PATHS = [
    path("mailbox/write/", WriteView.as_view(), name="mailbox-write"),
    path("mailbox/lookup/", LookupView.as_view(), name="mailbox-lookup"),
]
