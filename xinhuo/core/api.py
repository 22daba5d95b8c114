"""API plumbing shared by the apps, and the core endpoints (me, classes, notifications).

The API builds the same Actor as the pages and calls the same selectors and services,
so the access rules cannot drift apart.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from . import selectors, services
from .access import Actor, build_actor, role_labels
from .middleware import SCHOOL_SESSION_KEY
from .models import Notification, SchoolClass


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = NotFound(_("Not found."))
    elif isinstance(exc, DjangoValidationError):
        exc = DRFValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    return drf_exception_handler(exc, context)


class ActorMixin:
    """Builds request.actor after DRF authenticated the request (session or token)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        school_id = None
        header = request.headers.get("X-School")
        if header and header.isdigit():
            school_id = int(header)
        elif hasattr(request, "session"):
            school_id = request.session.get(SCHOOL_SESSION_KEY)
        actor = build_actor(request.user, school_id)
        if actor is None:
            raise NotFound(_("This account has no role in any school."))
        request.actor = actor
        capability = getattr(self, "capability", None)
        if capability:
            actor.require(capability)

    @property
    def actor(self) -> Actor:
        return self.request.actor  # type: ignore[attr-defined]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    school = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    role_labels = serializers.ListField(child=serializers.CharField())
    elder_mode = serializers.BooleanField()
    unread_notifications = serializers.IntegerField()


class MeView(ActorMixin, APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        actor = self.actor
        data = {
            "username": actor.user.username,
            "full_name": actor.user.display_name,
            "school": actor.school.name,
            "roles": sorted(actor.roles),
            "role_labels": role_labels(actor.roles),
            "elder_mode": actor.user.elder_mode,
            "unread_notifications": selectors.unread_count(actor),
        }
        return Response(MeSerializer(data).data)


class SchoolClassSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(source="grade.name")
    student_count = serializers.IntegerField(read_only=True)
    head_teacher = serializers.SerializerMethodField()

    class Meta:
        model = SchoolClass
        fields = ["id", "grade", "name", "number", "student_count", "head_teacher"]

    def get_head_teacher(self, obj) -> str | None:
        rows = getattr(obj, "head_teacher_memberships", [])
        return rows[0].user.display_name if rows else None


class SchoolClassViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    queryset = SchoolClass.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = SchoolClassSerializer
    capability = "structure.view"

    def get_queryset(self):
        return selectors.classes_with_counts(self.actor)


class NotificationSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="sender.display_name", default=None, read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "sender", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Notification.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = NotificationSerializer

    def get_queryset(self):
        return selectors.inbox(self.actor)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.notification_mark_read(actor=self.actor, notification=notification)
        return Response(self.get_serializer(notification).data, status=status.HTTP_200_OK)


class TokenView(ObtainAuthToken):
    """DRF's token login, which also says when the account is locked (django-axes) instead of a plain 400."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False) or getattr(request._request, "axes_locked_out", False):
                from .auth import lockout_response

                return lockout_response(request._request, None)
            raise DRFValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class LoggedListMixin:
    """List and detail endpoints write the same access-log rows as the pages."""

    object_type = ""

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        q = request.query_params.get("q", "")
        count = response.data.get("count") if isinstance(response.data, dict) else None
        services.access_log_record(
            request.actor, "search" if q else "list", self.object_type, request=request,
            detail={"filters": dict(request.query_params.items()), "count": count, "api": True})
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)  # type: ignore[misc]
        services.access_log_record(request.actor, "view", self.object_type, kwargs.get("pk", ""), request=request,
                                   detail={"api": True})
        return response
