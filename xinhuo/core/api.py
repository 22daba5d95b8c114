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
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from . import selectors, services, tokens
from .access import Actor, build_actor, role_labels
from .middleware import SCHOOL_SESSION_KEY
from .models import ApiToken, Notification, SchoolClass
from .params import parse_id, path_id_or_none, refuse_nul


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
        if path_id_or_none(kwargs):  # "abc" or past the database's range: no such row, never a server error
            raise NotFound(_("Not found."))
        refuse_nul(request.query_params)
        header = request.headers.get("X-School")
        school_id = parse_id(header) if header else None
        if school_id is None and hasattr(request, "session"):
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


class TokenRequestSerializer(AuthTokenSerializer):
    token = None  # type: ignore[assignment]  # the key is in the answer (TokenIssuedSerializer), not the request
    name = serializers.CharField(max_length=50, required=False, allow_blank=True,
                                 help_text="What the token is for (e.g. the phone's app), shown in the token list.")


class TokenIssuedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key, shown this once: send it as `Authorization: Token <key>`.")
    expires = serializers.DateTimeField()


class TokenView(APIView):
    """POST: a new token for a username (or mobile number) and password; says when the account is locked
    (django-axes) and refuses a temporary password. DELETE: revoke the token this request was made with."""

    serializer_class = TokenRequestSerializer
    throttle_classes = ()

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(request=TokenRequestSerializer, responses=TokenIssuedSerializer)
    def post(self, request, *args, **kwargs):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False) or getattr(request._request, "axes_locked_out", False):
                from .auth import lockout_response

                return lockout_response(request._request, None)
            raise DRFValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        if user.must_change_password:
            from .auth import temporary_password_message

            raise PermissionDenied(temporary_password_message())
        token, key = tokens.issue(user, name=serializer.validated_data.get("name", ""))
        return Response(TokenIssuedSerializer({"token": key, "expires": token.expires}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, *args, **kwargs):
        if not isinstance(request.auth, ApiToken):
            message = _("This request was not made with a token: to revoke your tokens, list them at /api/v1/tokens/ "
                        "or use your account page.")
            return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)
        tokens.own_token_revoke(user=request.user, token_pk=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="Whether this request was made with this token.")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "last_used", "expires", "current"]
        read_only_fields = fields

    def get_current(self, obj) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, ApiToken) and auth.pk == obj.pk


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The caller's own tokens (never their keys), and revoking one; another user's token answers 404."""

    queryset = ApiToken.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        return tokens.own_tokens(self.request.user)  # type: ignore[arg-type]  # IsAuthenticated: a User

    def destroy(self, request, *args, **kwargs):
        tokens.own_token_revoke(user=request.user, token_pk=kwargs.get("pk", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
