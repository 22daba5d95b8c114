"""Students, guardians and staff over the API: the selectors of the pages, masked values,
and a reveal action that is logged exactly like the pages' reveal button."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.masking import mask_address, mask_id_card, mask_phone
from xinhuo.core.params import BoundedDateField, IdField, query_id
from xinhuo.core.services import access_log_record

from . import consent as consent_rules
from . import selectors, services
from .models import Consent, ConsentNotice, ConsentPurpose, Guardian, Staff, Student, StudentGuardian
from .rules import can as can_rule
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


class LoggedRevealMixin(LoggedListMixin):
    """Logged lists and details, and the logged reveal of one masked value."""

    @extend_schema(request=RevealSerializer, responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        body = RevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = self.get_object()  # type: ignore[attr-defined]
        field = body.validated_data["field"]
        value = sensitive_reveal(actor=request.actor, obj=obj, field=field, request=request)
        return Response({"field": field, "value": value})


class StudentViewSet(LoggedRevealMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Student.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "students.view"
    object_type = "student"

    def get_serializer_class(self):
        return StudentDetailSerializer if self.action == "retrieve" else StudentSerializer

    def get_queryset(self):
        if self.action == "retrieve" or self.action == "reveal":
            return selectors.students(self.actor).prefetch_related("guardian_links__guardian")
        p = self.request.query_params
        grade, school_class = query_id(p, "grade"), query_id(p, "class")
        return selectors.student_list(self.actor, q=p.get("q", ""), grade=grade, school_class=school_class,
                                      gender=p.get("gender", ""), status=p.get("status", ""))

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("grade", int),
                               OpenApiParameter("class", int), OpenApiParameter("gender", str),
                               OpenApiParameter("status", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


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


class GuardianViewSet(LoggedRevealMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
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


class StaffSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", default=None)
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Staff
        fields = ["id", "staff_no", "name", "gender", "department", "position", "subject", "phone", "active"]

    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)


class StaffViewSet(LoggedRevealMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Staff.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = StaffSerializer
    capability = "staff.view"
    object_type = "staff"

    def get_queryset(self):
        return selectors.staff_list(self.actor, q=self.request.query_params.get("q", ""))


# --- consent register -------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    guardian_name = serializers.CharField(source="guardian.name", default=None, read_only=True)
    notice_version = serializers.IntegerField(source="notice.version", default=None, read_only=True)
    active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "student", "student_name", "purpose", "party", "guardian", "guardian_name", "notice",
                  "notice_version", "method", "given_at", "withdrawn_at", "note", "active"]
        read_only_fields = fields


class ConsentGiveSerializer(serializers.Serializer):
    student = IdField()
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    version = serializers.IntegerField(min_value=1, max_value=32767,
                                       help_text="The version of the notice the giver read (see notices/).")


class ConsentRecordSerializer(serializers.Serializer):
    student = IdField()
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    party = serializers.ChoiceField(choices=Consent.Party.choices, default=Consent.Party.GUARDIAN)
    guardian = IdField(required=False, allow_null=True,
                                        help_text="The guardian who gave it; required when party is guardian.")
    method = serializers.ChoiceField(choices=[Consent.Method.PAPER, Consent.Method.IN_PERSON])
    date = BoundedDateField(help_text="The day the consent was given (not in the future).")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ConsentNoticeSerializer(serializers.ModelSerializer):
    in_effect = serializers.SerializerMethodField()

    class Meta:
        model = ConsentNotice
        fields = ["id", "purpose", "version", "title", "body", "effective_from", "in_effect"]

    def get_in_effect(self, obj) -> bool:
        return obj.pk in self.context.get("current", set())


class ConsentStatusSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    complete = serializers.BooleanField(source="ok")
    needs_guardian = serializers.BooleanField(source="requirement.guardian")
    needs_student = serializers.BooleanField(source="requirement.student")
    notice_version = serializers.IntegerField(source="notice.version", default=None)
    guardian_consents = serializers.SerializerMethodField()
    student_consent = serializers.IntegerField(source="student_consent.pk", default=None)
    missing = serializers.SerializerMethodField()

    def get_guardian_consents(self, obj) -> list[int]:
        return [c.pk for c in obj.guardian_consents]

    def get_missing(self, obj) -> list[str]:
        return [str(m) for m in obj.missing]


class ConsentRegisterRowSerializer(serializers.Serializer):
    student = serializers.IntegerField(source="student.pk")
    name = serializers.CharField(source="student.name")
    school_class = serializers.CharField(source="student.school_class.__str__")
    age = serializers.IntegerField(allow_null=True)
    rule = serializers.CharField()
    purposes = ConsentStatusSerializer(many=True)


def register_row(student, statuses: dict) -> dict:
    """One row of the register as ConsentRegisterRowSerializer describes it (the schema), made directly: the
    nested serializers cost a fifth of the request and thousands of short-lived objects for 50 rows (issue 21;
    people/tests/test_consent_register_rows.py holds the two equal). The students come without their encrypted
    columns (id card, address: deferred, never decrypted), which no row shows."""
    first = statuses[consent_rules.PURPOSES[0]].requirement
    return {"student": student.pk, "name": student.name, "school_class": str(student.school_class), "age": first.age,
            "rule": str(first.reason), "purposes": [{
                "purpose": st.purpose, "complete": st.ok, "needs_guardian": st.requirement.guardian,
                "needs_student": st.requirement.student,
                "notice_version": st.notice.version if st.notice is not None else None,
                "guardian_consents": [c.pk for c in st.guardian_consents],
                "student_consent": st.student_consent.pk if st.student_consent is not None else None,
                "missing": [str(m) for m in st.missing]} for st in statuses.values()]}


class ConsentViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Consent rows of the students the user may see; give, record and withdraw with the pages' rules."""

    queryset = Consent.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = ConsentSerializer
    capability = "consent.view"
    object_type = "consent"
    view_object_type = "consent_record"  # one consent row's id, where the page's "consent" row has the student's

    def get_queryset(self):
        qs = selectors.consents(self.actor)
        p = self.request.query_params
        student = query_id(p, "student")
        if student:
            qs = qs.filter(student_id=student)
        if p.get("purpose"):
            qs = qs.filter(purpose=p["purpose"])
        if p.get("active") in ("1", "true"):
            qs = qs.filter(withdrawn_at__isnull=True)
        elif p.get("active") in ("0", "false"):
            qs = qs.filter(withdrawn_at__isnull=False)
        return qs

    @extend_schema(parameters=[OpenApiParameter("student", int), OpenApiParameter("purpose", str),
                               OpenApiParameter("active", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ConsentGiveSerializer, responses={201: ConsentSerializer})
    @action(detail=False, methods=["post"])
    def give(self, request):
        """Online consent: a parent for their own child, a student of 14 or more for themself."""
        self.actor.require("consent.give")
        body = ConsentGiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        if d["student"] not in {s.pk for s in selectors.my_consent_students(self.actor)}:
            raise Http404
        student = selectors.consent_student(self.actor, d["student"])
        notice = ConsentNotice.objects.filter(school=self.actor.school, purpose=d["purpose"],
                                              version=d["version"]).first()
        consent = services.consent_give(actor=self.actor, student=student, purpose=d["purpose"], notice=notice)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsentRecordSerializer, responses={201: ConsentSerializer})
    @action(detail=False, methods=["post"])
    def record(self, request):
        """A paper or in-person consent: head teachers for their classes, administrators and directors for all."""
        self.actor.require("consent.record")
        body = ConsentRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        student = selectors.consent_student(self.actor, d.pop("student"))
        guardian_id = d.pop("guardian", None)
        guardian = None
        if guardian_id is not None:
            guardian = Guardian.objects.filter(school=self.actor.school, pk=guardian_id).first()
            if guardian is None:
                raise DRFValidationError({"guardian": _("No such guardian in this school.")})
        consent = services.consent_record(actor=self.actor, student=student, guardian=guardian, **d)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """End the consent now: its giver, or a recorder writing down a withdrawal made on paper."""
        consent = self.get_object()
        if not can_rule(self.actor, "withdraw_consent", consent):
            raise Http404
        consent = services.consent_withdraw(actor=self.actor, consent=consent)
        return Response(ConsentSerializer(consent).data)

    @extend_schema(parameters=[OpenApiParameter("student", int), OpenApiParameter("class", int),
                               OpenApiParameter("purpose", str), OpenApiParameter("state", str)],
                   responses=ConsentRegisterRowSerializer(many=True))
    @action(detail=False, methods=["get"])
    def register(self, request):
        """Enrolled students the user may see, each with the status of every purpose and what is missing."""
        p = request.query_params
        school_class, student = query_id(p, "class"), query_id(p, "student")
        qs = selectors.consent_register(self.actor, school_class=school_class, purpose=p.get("purpose", ""),
                                        state=p.get("state", ""), annotate=False).defer("id_card", "address")
        if student:
            qs = qs.filter(pk=student)
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        statuses = consent_rules.statuses_for(rows)
        data = [register_row(s, statuses[s.pk]) for s in rows]
        access_log_record(self.actor, "list", "consent", request=request,
                          detail={"filters": dict(p.items()), "count": len(rows), "api": True})
        return self.get_paginated_response(data)

    @extend_schema(responses=inline_serializer("ConsentCoverage", {
        "total": serializers.IntegerField(),
        "classes": serializers.ListField(child=serializers.DictField()),
        "whole_school": serializers.ListField(child=serializers.DictField()),
    }))
    @action(detail=False, methods=["get"])
    def coverage(self, request):
        """Per class and purpose: enrolled students with complete consent today, and those missing."""
        self.actor.require("consent.coverage")
        data = selectors.consent_coverage(self.actor)

        def cells(items):
            return [{k: c[k] for k in ("purpose", "complete", "missing", "percent")} for c in items]

        return Response({
            "total": data["total"],
            "classes": [{"id": r["school_class"].pk, "name": str(r["school_class"]), "total": r["total"],
                         "purposes": cells(r["cells"])} for r in data["rows"]],
            "whole_school": cells(data["total_cells"]),
        })

    @extend_schema(responses=ConsentNoticeSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # every version, not a page
    def notices(self, request):
        """Every version of every notice; `in_effect` marks the one consents are given to today."""
        current = {n.pk for n in consent_rules.notices_in_effect(self.actor.school).values()}
        rows = selectors.consent_notices(self.actor)
        return Response(ConsentNoticeSerializer(rows, many=True, context={"current": current}).data)
