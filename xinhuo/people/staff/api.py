"""Staff records (issue 19) over the API: POST adds a staff record, PATCH edits one; open-work/ lists what a staff
member holds in every app and the classes they head, leave/ records them leaving with the chosen work handed to
another staff member in post, in one step. The pages' services and rules (staff.manage: administrator, director)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.forms import KEEP
from xinhuo.core.models import Department, Role, SchoolClass, User
from xinhuo.core.params import BoundedDateField, IdField, id_list
from xinhuo.people import api

from .. import selectors
from ..models import Gender, Staff
from . import services


class StaffOutSerializer(api.StaffSerializer):
    user = serializers.IntegerField(source="user_id", allow_null=True, help_text="The linked account's id.")

    class Meta(api.StaffSerializer.Meta):
        fields = [*api.StaffSerializer.Meta.fields, "left_on", "user"]


class StaffWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    staff_no = serializers.CharField(max_length=30, help_text="Unique in the school.")
    gender = serializers.ChoiceField(choices=Gender.choices)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                  help_text="A mainland mobile number; on PATCH absent or the masked value keeps it.")
    department = IdField(required=False, allow_null=True)
    position = serializers.CharField(max_length=50, required=False, allow_blank=True)
    subject = serializers.CharField(max_length=30, required=False, allow_blank=True)
    user = IdField(required=False, allow_null=True,
                   help_text="An account with a staff role in the school to link; null unlinks; absent keeps.")
    classes = id_list(required=False, max_length=100,
                      help_text="The classes they head (replacing the present ones); absent keeps them.")
    account_role = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES], required=False,
        help_text="Administrator: make a login for the record with this role (its username: school code and staff "
                  "number); the answer's `password` is its temporary password, given once.")


class OpenItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Send it back in leave/'s items to hand the item over.")
    app = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


class HeadClassSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OpenWorkSerializer(serializers.Serializer):
    items = OpenItemSerializer(many=True)
    classes = HeadClassSerializer(many=True, help_text="Classes they head: all are freed when they leave.")


class StaffLeaveSerializer(serializers.Serializer):
    left_on = BoundedDateField(help_text="At most 31 days ahead, at most a year ago.")
    reason = serializers.CharField(max_length=200)
    to_staff = IdField(required=False, allow_null=True, help_text="A staff member in post taking the chosen work.")
    items = serializers.ListField(child=serializers.CharField(max_length=80), required=False, default=list,
                                  max_length=1000, help_text="Keys from open-work/.")
    classes = id_list(required=False, default=list, max_length=100,
                      help_text="Ids from open-work/'s classes, for the new head teacher.")
    deactivate_account = serializers.BooleanField(required=False, default=False,
                                                  help_text="Administrator: deactivate their account too.")


class LeftSerializer(serializers.Serializer):
    staff = StaffOutSerializer()
    items = serializers.IntegerField(help_text="Open items handed over.")
    classes = serializers.IntegerField(help_text="Classes handed over.")


def _in_school(model, pk, school, field: str, message: str):
    """The row `pk` of the actor's school, or a 400 naming the field (an id of another school included)."""
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, school=school).first()
    if obj is None:
        raise DRFValidationError({field: [message]})
    return obj


class StaffViewSet(api.StaffViewSet):
    serializer_class = StaffOutSerializer

    def _managed(self) -> Staff:
        self.actor.require("staff.manage")
        return self.get_object()

    def _kwargs(self, d: dict, partial: bool) -> dict:
        school = self.actor.school
        out = {k: d[k] for k in ("name", "staff_no", "gender", "position", "subject", "account_role") if k in d}
        out["phone"] = d.get("phone", KEEP if partial else "")
        if "department" in d or not partial:
            out["department"] = _in_school(Department, d.get("department"), school, "department",
                                           _("Choose a department of this school."))
        if "user" in d:
            out["user"] = None if d["user"] is None else User.objects.filter(pk=d["user"]).first()
            if d["user"] is not None and out["user"] is None:
                raise DRFValidationError({"user": [_("Choose an account with a staff role in this school.")]})
        if "classes" in d:
            ids = set(d["classes"])
            found = list(SchoolClass.objects.filter(pk__in=ids, school=school))
            if len(found) != len(ids):
                raise DRFValidationError({"classes": [_("Choose classes of this school.")]})
            out["classes"] = found
        return out

    @extend_schema(request=StaffWriteSerializer, responses={201: StaffOutSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("staff.manage")
        body = StaffWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        staff = services.staff_save(actor=self.actor, **self._kwargs(body.validated_data, partial=False))
        data = StaffOutSerializer(selectors.staff_detail(self.actor, staff.pk)).data
        if staff.new_password:  # type: ignore[attr-defined]
            data["password"] = staff.new_password  # type: ignore[attr-defined]
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StaffWriteSerializer(partial=True), responses=StaffOutSerializer)
    def partial_update(self, request, *args, **kwargs):
        staff = self._managed()
        body = StaffWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        current = {"name": staff.name, "staff_no": staff.staff_no, "gender": staff.gender,
                   "position": staff.position, "subject": staff.subject, "department": staff.department_id}
        if "phone" in d and d["phone"].replace(" ", "") == staff.masked_phone and staff.phone:
            d = {k: v for k, v in d.items() if k != "phone"}
        merged = {**current, **d}
        kwargs = self._kwargs(merged, partial=True)
        services.staff_save(actor=self.actor, staff=staff, **kwargs)
        return Response(StaffOutSerializer(selectors.staff_detail(self.actor, staff.pk)).data)

    @extend_schema(responses=OpenWorkSerializer)
    @action(detail=True, methods=["get"], url_path="open-work", url_name="open-work")
    def open_work(self, request, pk=None):
        """What the staff member holds in every app, and the classes they head (administrator, director)."""
        staff = self._managed()
        work = services.open_work(self.actor, staff)
        items = [{"key": i.key, "app": label, "kind": str(i.kind), "title": i.title, "url": i.url}
                 for label, found in work.groups for i in found]
        classes = [{"id": c.pk, "name": f"{c.grade.name}{c.name}"} for c in work.classes]
        return Response({"items": items, "classes": classes})

    @extend_schema(request=StaffLeaveSerializer, responses=LeftSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """The staff member leaves; the chosen items and classes go to `to_staff` in the same step (all or
        nothing)."""
        staff = self._managed()
        body = StaffLeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        d["to_staff"] = _in_school(Staff, d.get("to_staff"), self.actor.school, "to_staff",
                                   _("Choose a staff member of this school."))
        result = services.staff_leave(actor=self.actor, staff=staff, **d)
        return Response({"staff": StaffOutSerializer(selectors.staff_detail(self.actor, staff.pk)).data, **result})
