"""API plumbing shared by the apps, and the core endpoints (me, classes, notifications).

The API builds the same Actor as the pages and calls the same selectors and services,
so the access rules cannot drift apart.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
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
from .models import ApiToken, Department, Grade, Notification, SchoolClass, SchoolYear, Term
from .params import BoundedDateField, IdField, parse_id, path_id_or_none, query_id, refuse_nul


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


# --- the school's structure: read by structure.view, written by structure.manage through the page's services ---


class StructureViewSet(ActorMixin, viewsets.ModelViewSet):
    """List and read for structure.view; create, change (PUT, or PATCH with the fields that change) and delete for
    structure.manage, through the same services as the structure pages. A refusal is a 400 with the service's
    message; another school's record, or a role without the capability, a 404."""

    capability = "structure.view"
    write_serializer_class: type[serializers.Serializer]

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def _body(self, instance=None) -> dict:
        """The validated body; a PATCH's missing fields are the record's current values."""
        self.actor.require("structure.manage")
        partial = self.action == "partial_update"
        body = self.write_serializer_class(data=self.request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if partial and instance is not None:
            data = {**self.current(instance), **data}
        return self.resolve(data)

    def current(self, instance) -> dict:
        raise NotImplementedError

    def resolve(self, data: dict) -> dict:
        """Ids in the body as the actor's school's records (the service checks the school again)."""
        return data

    def _answer(self, obj, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.read_serializer(fresh).data, status=code)

    def read_serializer(self, obj) -> serializers.BaseSerializer:
        assert self.serializer_class is not None  # each viewset names its serializer
        return self.serializer_class(obj)

    def create(self, request, *args, **kwargs):
        obj = self.create_service(actor=self.actor, **self._body())
        return self._answer(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        self.actor.require("structure.manage")
        instance = self.get_object()
        obj = self.update_service(instance, actor=self.actor, **self._body(instance))
        return self._answer(obj)

    def destroy(self, request, *args, **kwargs):
        self.actor.require("structure.manage")
        self.delete_service(self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def create_service(self, **kwargs):
        raise NotImplementedError

    def update_service(self, instance, **kwargs):
        raise NotImplementedError

    def delete_service(self, instance, **kwargs):
        raise NotImplementedError


def _one_of(rows, pk: int, field: str, message: str):
    obj = rows.filter(pk=pk).first()
    if obj is None:
        raise DRFValidationError({field: [message]})
    return obj


def chosen_student(candidates: list, wanted: int | None, message: str):
    """The student a family's request is about: the one named among the actor's own (`candidates`: oneself, one's
    children), or the only one when none is named; several and none named is a 400 with `message` on `student`,
    one not among them a 404 (someone else's child is not there to be told apart)."""
    if wanted is None:
        if len(candidates) != 1:
            raise serializers.ValidationError({"student": message})
        return candidates[0]
    found = next((s for s in candidates if s.pk == wanted), None)
    if found is None:
        raise Http404
    return found


class TermSerializer(serializers.ModelSerializer):
    school_year = serializers.CharField(source="school_year.name", read_only=True)

    class Meta:
        model = Term
        fields = ["id", "school_year_id", "school_year", "name", "start", "end"]
        read_only_fields = fields


class TermWriteSerializer(serializers.Serializer):
    school_year_id = IdField()
    name = serializers.CharField(max_length=40)
    start = BoundedDateField()
    end = BoundedDateField()


class SchoolYearSerializer(serializers.ModelSerializer):
    terms = TermSerializer(many=True, read_only=True)

    class Meta:
        model = SchoolYear
        fields = ["id", "name", "start", "end", "is_current", "terms"]
        read_only_fields = fields


class SchoolYearWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    start = BoundedDateField()
    end = BoundedDateField()
    is_current = serializers.BooleanField(default=False, help_text="Marking a year current unmarks the other.")


@extend_schema_view(create=extend_schema(responses={201: SchoolYearSerializer}),
                    update=extend_schema(responses=SchoolYearSerializer),
                    partial_update=extend_schema(responses=SchoolYearSerializer))
class SchoolYearViewSet(StructureViewSet):
    """The school years with their terms. One year is current; a year's dates overlap no other year's and keep its
    terms inside; a year is deleted only before it begins, when it is not current and nothing refers to it."""

    queryset = SchoolYear.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = SchoolYearSerializer
    write_serializer_class = SchoolYearWriteSerializer

    def get_queryset(self):
        return selectors.years(self.actor)

    def current(self, instance) -> dict:
        return {"name": instance.name, "start": instance.start, "end": instance.end, "is_current": instance.is_current}

    def create_service(self, **kwargs):
        return services.school_year_create(**kwargs)

    def update_service(self, instance, **kwargs):
        return services.school_year_update(year=instance, **kwargs)

    def delete_service(self, instance, **kwargs):
        services.school_year_delete(year=instance, **kwargs)


@extend_schema_view(create=extend_schema(responses={201: TermSerializer}),
                    update=extend_schema(responses=TermSerializer),
                    partial_update=extend_schema(responses=TermSerializer),
                    list=extend_schema(parameters=[OpenApiParameter("year", int, description="A school year's id")]))
class TermViewSet(StructureViewSet):
    """Terms lie within their school year and do not overlap its other terms."""

    queryset = Term.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = TermSerializer
    write_serializer_class = TermWriteSerializer

    def get_queryset(self):
        qs = selectors.terms(self.actor).order_by("start")
        if self.action == "list":
            year = query_id(self.request.query_params, "year")
            if year is not None:
                qs = qs.filter(school_year=year)
        return qs

    def current(self, instance) -> dict:
        return {"school_year_id": instance.school_year_id, "name": instance.name, "start": instance.start,
                "end": instance.end}

    def resolve(self, data: dict) -> dict:
        data["school_year"] = _one_of(selectors.years(self.actor), data.pop("school_year_id"), "school_year_id",
                                      _("Choose one of this school's years."))
        return data

    def create_service(self, **kwargs):
        return services.term_create(**kwargs)

    def update_service(self, instance, **kwargs):
        return services.term_update(term=instance, **kwargs)

    def delete_service(self, instance, **kwargs):
        services.term_delete(term=instance, **kwargs)


class GradeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Grade
        fields = ["id", "name", "level"]
        read_only_fields = fields


class GradeWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=20)
    level = serializers.IntegerField(min_value=1, max_value=12, help_text="Year of schooling, 1-12")


@extend_schema_view(create=extend_schema(responses={201: GradeSerializer}),
                    update=extend_schema(responses=GradeSerializer),
                    partial_update=extend_schema(responses=GradeSerializer))
class GradeViewSet(StructureViewSet):
    """Grades: names and levels (1-12) unique in the school; deleted only when no class is in it."""

    queryset = Grade.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = GradeSerializer
    write_serializer_class = GradeWriteSerializer

    def get_queryset(self):
        return selectors.grades(self.actor)

    def current(self, instance) -> dict:
        return {"name": instance.name, "level": instance.level}

    def create_service(self, **kwargs):
        return services.grade_create(**kwargs)

    def update_service(self, instance, **kwargs):
        return services.grade_update(grade=instance, **kwargs)

    def delete_service(self, instance, **kwargs):
        services.grade_delete(grade=instance, **kwargs)


class SchoolClassSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(source="grade.name")
    student_count = serializers.IntegerField(read_only=True)
    head_teacher = serializers.SerializerMethodField()

    class Meta:
        model = SchoolClass
        fields = ["id", "grade", "grade_id", "name", "number", "graduated_in_id", "student_count", "head_teacher"]
        read_only_fields = fields

    def get_head_teacher(self, obj) -> str | None:
        rows = getattr(obj, "head_teacher_memberships", [])
        return rows[0].user.display_name if rows else None


class SchoolClassWriteSerializer(serializers.Serializer):
    grade_id = IdField(help_text="Moved to another grade, a class keeps its students.")
    number = serializers.IntegerField(min_value=1, max_value=99)
    name = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                 help_text="Empty: 3班 for number 3.")


@extend_schema_view(create=extend_schema(responses={201: SchoolClassSerializer}),
                    update=extend_schema(responses=SchoolClassSerializer),
                    partial_update=extend_schema(responses=SchoolClassSerializer))
class SchoolClassViewSet(StructureViewSet):
    """Classes: numbers unique among a grade's classes still at school; a graduated class (graduated_in_id) is
    kept as it was and cannot be changed; a class is deleted only when no student was ever in it."""

    queryset = SchoolClass.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = SchoolClassSerializer
    write_serializer_class = SchoolClassWriteSerializer

    def get_queryset(self):
        if self.action == "list":  # the classes at school; a graduated one is still read and refused by its id
            return selectors.classes_with_counts(self.actor)
        return selectors.structure_classes(self.actor)

    def current(self, instance) -> dict:
        return {"grade_id": instance.grade_id, "number": instance.number, "name": instance.name}

    def resolve(self, data: dict) -> dict:
        data["grade"] = _one_of(selectors.grades(self.actor), data.pop("grade_id"), "grade_id",
                                _("Choose one of this school's grades."))
        return data

    def create_service(self, **kwargs):
        return services.class_create(**kwargs)

    def update_service(self, instance, **kwargs):
        return services.class_update(school_class=instance, **kwargs)

    def delete_service(self, instance, **kwargs):
        services.class_delete(school_class=instance, **kwargs)


class DepartmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    staff_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "kind_label", "duties", "staff_count"]
        read_only_fields = fields


class DepartmentWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=Department.Kind.choices)
    duties = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema_view(create=extend_schema(responses={201: DepartmentSerializer}),
                    update=extend_schema(responses=DepartmentSerializer),
                    partial_update=extend_schema(responses=DepartmentSerializer))
class DepartmentViewSet(StructureViewSet):
    """Departments: names unique in the school; deleted only when no staff member, role or plan task is in it."""

    queryset = Department.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = DepartmentSerializer
    write_serializer_class = DepartmentWriteSerializer

    def get_queryset(self):
        return selectors.departments(self.actor).order_by("pk")

    def current(self, instance) -> dict:
        return {"name": instance.name, "kind": instance.kind, "duties": instance.duties}

    def create_service(self, **kwargs):
        return services.department_create(**kwargs)

    def update_service(self, instance, **kwargs):
        return services.department_update(department=instance, **kwargs)

    def delete_service(self, instance, **kwargs):
        services.department_delete(department=instance, **kwargs)


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
    """List and detail endpoints write the same access-log rows as the pages. A detail is logged as
    `view_object_type` when its id is another kind of record than the page's row of `object_type` names (the
    access log's page reads the id by the kind: registry.AccessKind)."""

    object_type = ""
    view_object_type = ""

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
        services.access_log_record(request.actor, "view", self.view_object_type or self.object_type,
                                   kwargs.get("pk", ""), request=request, detail={"api": True})
        return response
