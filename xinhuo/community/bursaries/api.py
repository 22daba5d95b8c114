"""Bursaries over the API (/api/v1/community/bursaries/...): donors (the committee and finance), funds with their
totals and reports, grants (propose, approve / return / reject, resubmit, pay). The same selectors, services and
rules as the pages; denied = 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateField, IdField

from . import selectors, services
from .models import Donor, DonorKind, Fund, FundStatus, Grant, GrantStatus
from .services import TRANSITIONS

PATHS: list = []



def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class BursaryDonorSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(source="masked_phone", read_only=True, help_text="Masked.")
    fund_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Donor
        fields = ["id", "kind", "name", "contact_person", "phone", "named_publicly", "fund_count"]
        read_only_fields = fields


class BursaryDonorWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DonorKind.choices)
    name = serializers.CharField(max_length=100)
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    named_publicly = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class DonorViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Donors: the committee and finance read them (phone masked); the committee adds them."""

    queryset = Donor.objects.none()
    capability = "community.bursaries.read"
    object_type = "bursary_donor"

    def get_queryset(self):
        return selectors.donors(self.actor)

    def get_serializer_class(self):
        return BursaryDonorWriteSerializer if self.action == "create" else BursaryDonorSerializer

    @extend_schema(request=BursaryDonorWriteSerializer, responses={201: BursaryDonorSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("community.bursaries.manage")
        body = BursaryDonorWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        donor = services.donor_save(actor=self.actor, **body.validated_data)
        setattr(donor, "fund_count", 0)  # noqa: B010 - as the list annotates it
        return Response(BursaryDonorSerializer(donor).data, status=status.HTTP_201_CREATED)


class BursaryFundSerializer(serializers.ModelSerializer):
    donor = serializers.SerializerMethodField(help_text="The donor's name; 爱心人士 without their consent, except "
                                                        "for the committee and finance.")
    received = money(read_only=True)
    granted = money(read_only=True)
    paid = money(read_only=True)
    pending = money(read_only=True)
    balance = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = ["id", "name", "donor", "purpose", "group_codes", "grade_min", "grade_max", "max_per_student_year",
                  "status", "received", "granted", "paid", "pending", "balance"]
        read_only_fields = fields

    def get_donor(self, obj) -> str:
        actor = self.context.get("actor")
        reads = actor is not None and actor.can("community.bursaries.read")
        return obj.donor.name if reads else obj.donor.public_name

    def get_balance(self, obj) -> str:
        return f"{selectors.balance(obj):.2f}"


class BursaryMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    received = money()
    granted = money()


class BursaryGradeRowSerializer(serializers.Serializer):
    grade = serializers.CharField()
    count = serializers.IntegerField()
    amount = money()


class BursaryDonorReportSerializer(serializers.Serializer):
    fund = BursaryFundSerializer()
    count = serializers.IntegerField()
    months = BursaryMonthSerializer(many=True)
    by_grade = BursaryGradeRowSerializer(many=True)


class FundViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Funds with their totals (the committee, finance and head teachers); the donor's report (counts and amounts,
    no names) for the committee and finance."""

    queryset = Fund.objects.none()
    capability = "community.bursaries.view"
    object_type = "bursary_fund"
    serializer_class = BursaryFundSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": getattr(self.request, "actor", None)}

    def get_queryset(self):
        return selectors.funds(self.actor, status=self.request.query_params.get("status", ""))

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=FundStatus.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=BursaryDonorReportSerializer)
    @action(detail=True, methods=["get"], url_path="donor-report")
    def donor_report(self, request, pk=None):
        self.actor.require("community.bursaries.read")
        fund = self.get_object()
        data = selectors.donor_report(self.actor, fund.pk)
        return Response(BursaryDonorReportSerializer(data, context=self.get_serializer_context()).data)


class BursaryGrantSerializer(serializers.ModelSerializer):
    student = serializers.SerializerMethodField()
    student_name = serializers.CharField(read_only=True)
    fund_name = serializers.CharField(source="fund.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reason = serializers.SerializerMethodField(help_text="Not for parents.")
    groups_snapshot = serializers.SerializerMethodField(
        help_text="Only for those who see special groups (the committee, the student's head teacher).")

    class Meta:
        model = Grant
        fields = ["id", "fund", "fund_name", "student", "student_name", "grade_level", "amount", "granted_on",
                  "status", "status_label", "reason", "groups_snapshot", "paid_on"]
        read_only_fields = fields

    def _staff(self) -> bool:
        actor = self.context.get("actor")
        return actor is not None and actor.can("community.bursaries.view")

    def get_student(self, obj) -> int | None:
        return obj.student_id

    def get_reason(self, obj) -> str | None:
        return obj.reason if self._staff() else None

    def get_groups_snapshot(self, obj) -> str | None:
        actor = self.context.get("actor")
        return obj.groups_snapshot if actor is not None and actor.can("special_groups.view") else None


class BursaryGrantProposeSerializer(serializers.Serializer):
    fund = IdField()
    student = IdField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    granted_on = BoundedDateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=1000)


class BursaryGrantStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(TRANSITIONS))
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True,
                                      default=None)
    reason = serializers.CharField(max_length=1000, required=False, allow_null=True, default=None)
    paid_on = BoundedDateField(required=False, allow_null=True, default=None)


class GrantViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Grants as the actor may see them: the committee and finance all, a head teacher their classes', a parent
    their own children's approved or paid ones. POST proposes; /step/ approves, returns, rejects, resubmits or
    pays."""

    queryset = Grant.objects.none()
    object_type = "bursary_grant"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": getattr(self.request, "actor", None)}

    def get_serializer_class(self):
        return BursaryGrantProposeSerializer if self.action == "create" else BursaryGrantSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not (self.actor.can("community.bursaries.view") or self.actor.can("community.bursaries.mine")):
            raise Http404

    def get_queryset(self):
        p = self.request.query_params
        qs = selectors.grants(self.actor)
        if p.get("status") in GrantStatus.values:
            qs = qs.filter(status=p["status"])
        return qs

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=GrantStatus.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BursaryGrantProposeSerializer, responses={201: BursaryGrantSerializer})
    def create(self, request, *args, **kwargs):
        from xinhuo.people import selectors as people

        self.actor.require("community.bursaries.propose")
        body = BursaryGrantProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        fund = selectors.open_funds(self.actor).filter(pk=data["fund"]).first()
        if fund is None:
            raise ValidationError({"fund": _("Choose an open fund of this school.")})
        student = people.students_of_school(self.actor.school).filter(pk=data["student"]).select_related(
            "school_class__grade").first()
        if student is None:
            raise ValidationError({"student": _("Choose a student of this school.")})
        grant = services.grant_propose(actor=self.actor, fund=fund, student=student, amount=data["amount"],
                                       granted_on=data["granted_on"], reason=data["reason"])
        return Response(BursaryGrantSerializer(grant, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=BursaryGrantStepSerializer, responses=BursaryGrantSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        if not any(self.actor.can(f"community.bursaries.{c}") for c in ("approve", "pay", "propose")):
            raise Http404
        grant = self.get_object()
        body = BursaryGrantStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        grant = services.grant_step(actor=self.actor, grant=grant, **body.validated_data)
        return Response(BursaryGrantSerializer(grant, context=self.get_serializer_context()).data)
