"""Students through the year (issue 19) over the API: POST adds a student (a transfer in), PATCH edits one, and the
actions move/, leave/ and return/ change class, transfer out and undo a leave — the pages' services and rules."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from xinhuo.core.models import SchoolClass
from xinhuo.core.params import BoundedDateField, IdField
from xinhuo.people import api

from ..models import ClassChange, Gender, StudentGuardian
from ..rules import can
from . import selectors, services


class StudentWriteSerializer(serializers.Serializer):
    """A student's own fields; the ID card and address are written in full and answered masked."""

    name = serializers.CharField(max_length=50)
    gender = serializers.ChoiceField(choices=Gender.choices)
    student_no = serializers.CharField(max_length=30)
    id_card = serializers.CharField(max_length=30, required=False, allow_blank=True,
                                    help_text="18 characters, checked (GB 11643) against the birth date and gender. "
                                              "On PATCH: empty or the masked value keeps the recorded number.")
    birth_date = BoundedDateField(required=False, allow_null=True,
                                  help_text="Empty: taken from the ID-card number.")
    enrolment_date = BoundedDateField(required=False, allow_null=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                    help_text="On PATCH: empty or the masked value keeps the recorded address.")


class NewGuardianSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    relation = serializers.ChoiceField(choices=StudentGuardian.Relation.choices)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                  help_text="A guardian of the school with this mobile number is linked, not added.")


class StudentCreateSerializer(StudentWriteSerializer):
    school_class = IdField(help_text="A current class of the school (a head teacher: one of their own).")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                   help_text="The class history's note, e.g. transferred from which school.")
    guardian = NewGuardianSerializer(required=False, allow_null=True,
                                     help_text="The student's first guardian (primary contact), if any.")


class MoveSerializer(serializers.Serializer):
    school_class = IdField(help_text="The new class, of this year.")
    on = BoundedDateField(required=False, allow_null=True, help_text="Empty: today; never in the future.")
    reason = serializers.CharField(max_length=200)


class LeaveSerializer(serializers.Serializer):
    on = BoundedDateField(help_text="The day the student left; never in the future.")
    reason = serializers.CharField(max_length=200)


class ReturnSerializer(serializers.Serializer):
    school_class = IdField(required=False, allow_null=True, help_text="Empty: the class the student left from.")
    reason = serializers.CharField(max_length=200)


class ClassChangeSerializer(serializers.ModelSerializer):
    from_class = serializers.CharField(source="from_label")
    to_class = serializers.CharField(source="to_label")

    class Meta:
        model = ClassChange
        fields = ["id", "kind", "on", "from_class", "to_class", "reason"]


class ClosedLineSerializer(serializers.Serializer):
    app = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField()
    details = serializers.ListField(child=serializers.CharField())
    action = serializers.BooleanField(help_text="False: listed for someone to act on, nothing written.")


class LeavingSerializer(serializers.Serializer):
    student = api.StudentSerializer()
    change = ClassChangeSerializer()
    closed = ClosedLineSerializer(many=True, help_text="What each app closed for the student.")


def _school_class(pk: int | None) -> SchoolClass | None:
    """The class named by id in this school, else None (the service then says "choose a class of this school")."""
    if pk is None:
        return None
    return SchoolClass.objects.filter(pk=pk).select_related("grade").first()


class StudentViewSet(api.StudentViewSet):
    def _student(self, rule: str):
        student = self.get_object()
        if not can(self.actor, rule, student):
            raise Http404
        return student

    def _answer(self, student, code: int = status.HTTP_200_OK) -> Response:
        student = selectors.student_for(self.actor, student.pk, "view_student")
        return Response(api.StudentSerializer(student).data, status=code)

    @extend_schema(request=StudentCreateSerializer, responses={201: api.StudentSerializer})
    def create(self, request, *args, **kwargs):
        """Add a student (a transfer in): the roster import's checks; at most one guardian with them."""
        self.actor.require("students.manage")
        body = StudentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        school_class = _school_class(d.pop("school_class"))
        guardian = d.pop("guardian", None) or {}
        d.update({f"guardian_{key}": guardian.get(key, "") for key in ("name", "relation", "phone")})
        student = services.student_create(actor=self.actor, school_class=school_class, **d)
        return self._answer(student, status.HTTP_201_CREATED)

    @extend_schema(request=StudentWriteSerializer(partial=True), responses=api.StudentSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Edit a student's own fields (only those sent); the class changes with move/, the status with leave/."""
        self.actor.require("students.manage")
        student = self._student("edit_student")
        body = StudentWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        elsewhere = {"school_class": _("The class changes with move/ (the committee), which keeps the class history."),
                     "status": _("The status changes with leave/ and return/ (the committee).")}
        refused = {key: [message] for key, message in elsewhere.items() if key in request.data}
        if refused:
            raise DRFValidationError(refused)
        student = services.student_update(actor=self.actor, student=student, **body.validated_data)
        return self._answer(student)

    @extend_schema(request=MoveSerializer, responses=ClassChangeSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move a student to another class of this year (administrator, director)."""
        self.actor.require("students.move")
        student = self._student("move_student")
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        change = services.student_move(actor=self.actor, student=student, to_class=_school_class(d["school_class"]),
                                        on=d.get("on"), reason=d["reason"])
        return Response(ClassChangeSerializer(change).data)

    @extend_schema(request=LeaveSerializer, responses=LeavingSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """Transfer out (administrator, director): records kept, the retention period starts, and each app closes
        what it kept open for the student (`closed`)."""
        self.actor.require("students.leave")
        student = self._student("leave_student")
        body = LeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        leaving = services.student_leave(actor=self.actor, student=student, **body.validated_data)
        closed = [{"app": line.app, "title": str(line.title), "count": line.count, "details": list(line.details),
                   "action": line.action} for line in leaving.lines]
        return Response({"student": api.StudentSerializer(leaving.student).data,
                         "change": ClassChangeSerializer(leaving.change).data, "closed": closed})

    @extend_schema(request=ReturnSerializer, responses=ClassChangeSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Undo a mistaken leave (administrator, director): back at school, the retention period stopped."""
        self.actor.require("students.leave")
        student = self._student("leave_student")
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        change = services.student_return(actor=self.actor, student=student,
                                         to_class=_school_class(d.get("school_class")),
                                         reason=d["reason"])
        return Response(ClassChangeSerializer(change).data)
