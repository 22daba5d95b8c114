"""Students, guardians and staff over the API: the selectors of the pages, masked values,
and a reveal action that is logged exactly like the pages' reveal button."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.masking import mask_address, mask_id_card, mask_phone
from xinhuo.core.services import access_log_record

from . import selectors
from .models import Guardian, Staff, Student, StudentGuardian
from .services import sensitive_reveal


class GuardianLinkSerializer(serializers.ModelSerializer):
    guardian_id = serializers.IntegerField(source="guardian.id")
    name = serializers.CharField(source="guardian.name")
    phone = serializers.SerializerMethodField()

    class Meta:
        model = StudentGuardian
        fields = ["guardian_id", "name", "relation", "is_primary", "phone"]

    def get_phone(self, obj) -> str:
        return mask_phone(obj.guardian.phone)


class StudentSerializer(serializers.ModelSerializer):
    school_class = serializers.CharField(source="school_class.__str__")
    id_card = serializers.SerializerMethodField(help_text="Masked; POST reveal to see it in full (logged).")
    address = serializers.SerializerMethodField(help_text="Masked; POST reveal to see it in full (logged).")

    class Meta:
        model = Student
        fields = ["id", "student_no", "name", "gender", "birth_date", "school_class", "school_class_id",
                  "enrolment_date", "status", "id_card", "address"]

    def get_id_card(self, obj) -> str:
        return mask_id_card(obj.id_card)

    def get_address(self, obj) -> str:
        return mask_address(obj.address)


class StudentDetailSerializer(StudentSerializer):
    guardians = GuardianLinkSerializer(source="guardian_links", many=True)

    class Meta(StudentSerializer.Meta):
        fields = [*StudentSerializer.Meta.fields, "guardians"]


class RevealSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=30)


class RevealedSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class LoggedListMixin:
    """List endpoints write the same access-log row as the list pages."""

    object_type = ""

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        q = request.query_params.get("q", "")
        count = response.data.get("count") if isinstance(response.data, dict) else None
        access_log_record(request.actor, "search" if q else "list", self.object_type,
                          detail={"filters": dict(request.query_params.items()), "count": count, "api": True},
                          request=request)
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)  # type: ignore[misc]
        access_log_record(request.actor, "view", self.object_type, kwargs.get("pk", ""), request=request,
                          detail={"api": True})
        return response

    def _reveal(self, request):
        body = RevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = self.get_object()  # type: ignore[attr-defined]
        field = body.validated_data["field"]
        value = sensitive_reveal(actor=request.actor, obj=obj, field=field, request=request)
        return Response({"field": field, "value": value})


class StudentViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Student.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "students.view"
    object_type = "student"

    def get_serializer_class(self):
        return StudentDetailSerializer if self.action == "retrieve" else StudentSerializer

    def get_queryset(self):
        if self.action == "retrieve" or self.action == "reveal":
            return selectors.students(self.actor).prefetch_related("guardian_links__guardian")
        p = self.request.query_params
        try:
            grade = int(p["grade"]) if p.get("grade") else None
            school_class = int(p["class"]) if p.get("class") else None
        except ValueError:
            raise DRFValidationError({"detail": _("grade and class must be numbers (their ids).")}) from None
        return selectors.student_list(self.actor, q=p.get("q", ""), grade=grade, school_class=school_class,
                                      gender=p.get("gender", ""), status=p.get("status", ""))

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("grade", int),
                               OpenApiParameter("class", int), OpenApiParameter("gender", str),
                               OpenApiParameter("status", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RevealSerializer, responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        return self._reveal(request)


class GuardianSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    class Meta:
        model = Guardian
        fields = ["id", "name", "phone", "work_unit", "children"]

    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)

    def get_children(self, obj) -> list[int]:
        visible = self.context.get("visible_students")
        return [link.student_id for link in obj.student_links.all()
                if visible is None or link.student_id in visible]


class GuardianViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Guardian.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = GuardianSerializer
    capability = "guardians.view"
    object_type = "guardian"

    def get_queryset(self):
        return selectors.guardian_list(self.actor, q=self.request.query_params.get("q", "")).prefetch_related(
            "student_links")

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        if hasattr(self.request, "actor"):
            ctx["visible_students"] = selectors.visible_student_ids(self.actor)
        return ctx

    @extend_schema(request=RevealSerializer, responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        return self._reveal(request)


class StaffSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", default=None)
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Staff
        fields = ["id", "staff_no", "name", "gender", "department", "position", "subject", "phone", "active"]

    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)


class StaffViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Staff.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = StaffSerializer
    capability = "staff.view"
    object_type = "staff"

    def get_queryset(self):
        return selectors.staff_list(self.actor, q=self.request.query_params.get("q", ""))

    @extend_schema(request=RevealSerializer, responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        return self._reveal(request)
