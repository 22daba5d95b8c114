"""Guardians through the year (issue 19) over the API: add, edit, link to a further child, unlink, the primary
contact. The pages' services and rules: POST /guardians/ (a new guardian of a student), PATCH /guardians/{id}/
(the contact), POST {id}/link/, {id}/unlink/, {id}/primary/, {id}/guardianship/ (the relation to one child and
whether the child lives with them). Reads stay those of people/api.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.params import IdField

from .. import api
from .. import selectors as people_selectors
from ..models import Student, StudentGuardian
from . import services
from .services import NAME_MAX, WORK_UNIT_MAX

Relation = StudentGuardian.Relation


class GuardianshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudentGuardian
        fields = ["student_id", "relation", "is_primary", "lives_with"]


class GuardianWithLinksSerializer(api.GuardianSerializer):
    links = serializers.SerializerMethodField(help_text="The guardian's links to the children the caller may see.")

    class Meta(api.GuardianSerializer.Meta):
        fields = [*api.GuardianSerializer.Meta.fields, "links"]

    def get_links(self, obj) -> list[dict]:
        visible = self.context.get("visible_students")
        return list(GuardianshipSerializer([link for link in obj.student_links.all()
                                            if visible is None or link.student_id in visible], many=True).data)


class _LinkFields(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Relation.choices)
    lives_with = serializers.BooleanField(default=True)
    is_primary = serializers.BooleanField(default=False, help_text="Make them the student's primary contact (the "
                                                                    "present one no longer is).")


class GuardianCreateSerializer(_LinkFields):
    student = IdField(help_text="The student the new guardian belongs to.")
    name = serializers.CharField(max_length=NAME_MAX)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    work_unit = serializers.CharField(max_length=WORK_UNIT_MAX, required=False, allow_blank=True, default="")
    link_existing = serializers.BooleanField(
        default=False, help_text="When the mobile number is on record for a guardian of the same name: link that "
                                 "guardian instead (without it, 400 says so).")


class GuardianPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX, required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                  help_text="Empty or the masked number: unchanged.")
    work_unit = serializers.CharField(max_length=WORK_UNIT_MAX, required=False, allow_blank=True)


class GuardianLinkSerializer(_LinkFields):
    student = IdField()


class GuardianUnlinkSerializer(serializers.Serializer):
    student = IdField()
    confirm = serializers.BooleanField(default=False, help_text="Needed when the unlink leaves something behind (a "
                                                                "minor with no guardian, consents, a login, a guardian "
                                                                "with no child): a 400 lists what first.")


class GuardianshipChangeSerializer(serializers.Serializer):
    student = IdField(help_text="The child whose link changes.")
    relation = serializers.ChoiceField(choices=Relation.choices, required=False)
    lives_with = serializers.BooleanField(required=False, help_text="Left out: as it is.")


class GuardianStudentSerializer(serializers.Serializer):
    student = IdField()


class UnlinkedSerializer(serializers.Serializer):
    guardian = serializers.IntegerField()
    student = serializers.IntegerField()
    new_primary = serializers.IntegerField(allow_null=True, help_text="The guardian now the primary contact, if "
                                                                      "the unlinked one was.")
    guardian_has_children = serializers.BooleanField()
    notes = serializers.ListField(child=serializers.CharField())


class GuardianViewSet(api.GuardianViewSet):
    def get_serializer_class(self):
        if self.action in ("retrieve", "create", "partial_update", "link", "unlink", "primary", "guardianship"):
            return GuardianWithLinksSerializer
        return super().get_serializer_class()

    def _student(self, pk: int) -> Student:
        """A student named in the body: any of the school (the service says when the actor may not change their
        guardians); another school's is refused with a message, never a 404 that would tell it exists."""
        student = Student.objects.filter(pk=pk).first()
        if student is None:
            raise ValidationError({"student": _("There is no such student in this school.")})
        return student

    def _answer(self, guardian_pk: int, code: int = status.HTTP_200_OK) -> Response:
        guardian = get_object_or_404(people_selectors.guardians(self.actor).prefetch_related("student_links"),
                                     pk=guardian_pk)
        return Response(self.get_serializer(guardian).data, status=code)

    @extend_schema(request=GuardianCreateSerializer, responses={201: GuardianWithLinksSerializer})
    def create(self, request, *args, **kwargs):
        """A new guardian of a student (or, with link_existing, the guardian on record with that number)."""
        self.actor.require("guardians.edit")
        body = GuardianCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        student = self._student(d.pop("student"))
        link = services.guardian_add(actor=self.actor, student=student, **d)
        return self._answer(link.guardian_id, status.HTTP_201_CREATED)

    @extend_schema(request=GuardianPatchSerializer, responses=GuardianWithLinksSerializer)
    def partial_update(self, request, *args, **kwargs):
        self.actor.require("guardians.edit")
        guardian = self.get_object()
        body = GuardianPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.guardian_update(actor=self.actor, guardian=guardian, **body.validated_data)
        return self._answer(guardian.pk)

    @extend_schema(request=GuardianLinkSerializer, responses=GuardianWithLinksSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        """Link the guardian to a further child (a brother or sister), with the relation to that child."""
        self.actor.require("guardians.edit")
        guardian = self.get_object()
        body = GuardianLinkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        services.guardian_link(actor=self.actor, guardian=guardian, student=self._student(d.pop("student")), **d)
        return self._answer(guardian.pk)

    @extend_schema(request=GuardianUnlinkSerializer, responses=UnlinkedSerializer)
    @action(detail=True, methods=["post"])
    def unlink(self, request, pk=None):
        """Remove the link to a student (neither record is deleted); refused until confirmed when it leaves
        something behind."""
        self.actor.require("guardians.edit")
        guardian = self.get_object()
        body = GuardianUnlinkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        student = self._student(body.validated_data["student"])
        result = services.guardian_unlink(actor=self.actor, guardian=guardian, student=student,
                                          confirm=body.validated_data["confirm"])
        return Response({"guardian": guardian.pk, "student": student.pk,
                         "new_primary": result.new_primary.guardian_id if result.new_primary else None,
                         "guardian_has_children": result.guardian_has_children, "notes": result.notes})

    @extend_schema(request=GuardianStudentSerializer, responses=GuardianWithLinksSerializer)
    @action(detail=True, methods=["post"])
    def primary(self, request, pk=None):
        """Make the guardian the student's primary contact (the former one no longer is), in one step."""
        self.actor.require("guardians.edit")
        guardian = self.get_object()
        body = GuardianStudentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.guardian_set_primary(actor=self.actor, guardian=guardian,
                                      student=self._student(body.validated_data["student"]))
        return self._answer(guardian.pk)

    @extend_schema(request=GuardianshipChangeSerializer, responses=GuardianWithLinksSerializer)
    @action(detail=True, methods=["post"])
    def guardianship(self, request, pk=None):
        """The guardian's relation to one child and whether the child lives with them, as on the page (the fields
        given change)."""
        self.actor.require("guardians.edit")
        guardian = self.get_object()
        body = GuardianshipChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        student = self._student(d.pop("student"))
        link = StudentGuardian.objects.filter(guardian=guardian, student=student).first()
        if link is not None:
            d = {"relation": link.relation, "lives_with": link.lives_with} | d
        services.guardianship_update(actor=self.actor, guardian=guardian, student=student,
                                     relation=d.get("relation", ""), lives_with=d.get("lives_with", True))
        return self._answer(guardian.pk)
