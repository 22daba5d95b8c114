"""Expense claims over the API (/api/v1/finance/claims/): the lists (`box`: mine, check, pay, approve, all — as
the pages' queues), a claim with its receipts and history, create with receipts (multipart; `submit=true` submits
at once), change a draft or returned claim, add receipts, submit, and the steps (check, approve, return, reject,
pay, withdraw). The same selectors, services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateField, IdField

from ..budgets.models import ExpenseKind
from . import selectors, services
from .models import ClaimReceipt, ClaimStatus, ClaimStep, ExpenseClaim
from .rules import APPROVE, CHECK, SUBMIT

PATHS: list = []
STEP_ACTIONS = ("check", "approve", "return", "reject", "pay", "withdraw")


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class ClaimReceiptSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The receipt's file, served to those who see the claim.")

    class Meta:
        model = ClaimReceipt
        fields = ["id", "name", "size", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse("finance:claims-receipt", args=[obj.pk])


class ClaimStepSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.full_name", default=None, read_only=True)

    class Meta:
        model = ClaimStep
        fields = ["from_status", "to_status", "comment", "by", "at"]
        read_only_fields = fields


class ExpenseClaimSerializer(serializers.ModelSerializer):
    claimant_name = serializers.CharField(source="claimant.full_name", read_only=True)
    line_name = serializers.CharField(source="line.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    receipt_count = serializers.SerializerMethodField()

    class Meta:
        model = ExpenseClaim
        fields = ["id", "title", "kind", "amount", "spent_on", "line", "line_name", "activity", "plan_task",
                  "description", "status", "status_label", "needs_second", "claimant", "claimant_name",
                  "submitted_at", "paid_on", "payment_reference", "receipt_count", "created_at"]
        read_only_fields = fields

    def get_receipt_count(self, obj) -> int:
        count = getattr(obj, "receipt_count", None)
        return obj.receipts.count() if count is None else count


class ExpenseClaimDetailSerializer(ExpenseClaimSerializer):
    receipts = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta(ExpenseClaimSerializer.Meta):
        fields = [*ExpenseClaimSerializer.Meta.fields, "receipts", "steps"]
        read_only_fields = fields

    @extend_schema_field(ClaimReceiptSerializer(many=True))
    def get_receipts(self, obj) -> list[dict]:
        return ClaimReceiptSerializer(selectors.receipts(obj), many=True).data  # type: ignore[return-value]

    @extend_schema_field(ClaimStepSerializer(many=True))
    def get_steps(self, obj) -> list[dict]:
        return ClaimStepSerializer(selectors.claim_steps(obj), many=True).data  # type: ignore[return-value]


class ClaimWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=ExpenseKind.choices)
    amount = serializers.CharField(max_length=20, help_text="Yuan, at most two decimals, such as 268.50.")
    spent_on = BoundedDateField()
    line = IdField(help_text="A line of this school year's approved budget (GET lines/).")
    activity = IdField(required=False, allow_null=True, default=None)
    plan_task = IdField(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    receipts = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                     help_text="Photos (JPEG, PNG, WebP) or PDFs of the receipts; at most 10.")
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit to finance at once.")


class ClaimReceiptsSerializer(serializers.Serializer):
    receipts = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class ClaimStepWriteSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(STEP_ACTIONS))
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    paid_on = BoundedDateField(required=False, allow_null=True, default=None)
    payment_reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class ClaimLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    earmarked = serializers.BooleanField()
    earmark_purpose = serializers.CharField()
    allowed_kinds = serializers.ListField(child=serializers.CharField())
    amount = money()
    balance = money(source="position.balance")


def _files(request, name: str = "receipts") -> list:
    return request.FILES.getlist(name) if hasattr(request, "FILES") else []


class ClaimViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Expense claims as the actor may see them: one's own; finance's and the approvers' queues (`box`)."""

    queryset = ExpenseClaim.objects.none()
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not any(self.actor.can(c) for c in (SUBMIT, CHECK, APPROVE)):
            raise Http404

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return ClaimWriteSerializer
        return ExpenseClaimDetailSerializer if self.action == "retrieve" else ExpenseClaimSerializer

    def get_queryset(self):
        if self.action == "list":
            p = self.request.query_params
            default = "mine" if self.actor.can(SUBMIT) else "all"
            return selectors.claim_list(self.actor, p.get("box") or default, status=p.get("status", ""))
        return selectors.claims(self.actor).select_related("claimant", "line")

    def get_object(self):
        obj = super().get_object()
        return selectors.claim_detail(self.actor, obj.pk)

    @extend_schema(parameters=[
        OpenApiParameter("box", str, enum=list(selectors.BOXES),
                         description="mine (default), check and pay (finance), approve (approvers), all"),
        OpenApiParameter("status", str, enum=ClaimStatus.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _links(self, data) -> dict:
        activity = plan_task = None
        if data.get("activity"):
            activity = selectors.linkable_activities(self.actor).filter(pk=data["activity"]).first()
            if activity is None:
                raise ValidationError({"activity": _("Choose an activity you organise or can see.")})
        if data.get("plan_task"):
            plan_task = selectors.linkable_tasks(self.actor).filter(pk=data["plan_task"]).first()
            if plan_task is None:
                raise ValidationError({"plan_task": _("Choose a task of this school's work plan.")})
        line = selectors.claim_lines(self.actor).filter(pk=data["line"]).first()
        if line is None:
            raise ValidationError({"line": _("Choose a line of this school year's approved budget.")})
        return {"line": line, "activity": activity, "plan_task": plan_task}

    @extend_schema(request={"multipart/form-data": ClaimWriteSerializer, "application/json": ClaimWriteSerializer},
                   responses={201: ExpenseClaimDetailSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require(SUBMIT)
        body = ClaimWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {**body.validated_data}
        data.pop("receipts", None)
        links = self._links(data)
        claim = services.claim_save(actor=self.actor, receipts=_files(request), **{**data, **links})
        claim = selectors.claim_detail(self.actor, claim.pk)
        return Response(ExpenseClaimDetailSerializer(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": ClaimWriteSerializer, "application/json": ClaimWriteSerializer},
                   responses=ExpenseClaimDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        self.actor.require(SUBMIT)
        claim = self.get_object()
        current = {"title": claim.title, "kind": claim.kind, "amount": str(claim.amount), "spent_on": claim.spent_on,
                   "line": claim.line_id, "activity": claim.activity_id, "plan_task": claim.plan_task_id,
                   "description": claim.description}
        given = {k: v for k, v in request.data.items() if k in current or k == "submit"}
        body = ClaimWriteSerializer(data={**current, **given})
        body.is_valid(raise_exception=True)
        data = {**body.validated_data}
        data.pop("receipts", None)
        links = self._links(data)
        claim = services.claim_save(actor=self.actor, claim=claim, receipts=_files(request), **{**data, **links})
        claim = selectors.claim_detail(self.actor, claim.pk)
        return Response(ExpenseClaimDetailSerializer(claim).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": ClaimReceiptsSerializer}, responses=ExpenseClaimDetailSerializer)
    @action(detail=True, methods=["post"])
    def receipts(self, request, pk=None):
        self.actor.require(SUBMIT)
        claim = self.get_object()
        services.receipts_add(actor=self.actor, claim=claim, receipts=_files(request))
        return Response(ExpenseClaimDetailSerializer(selectors.claim_detail(self.actor, claim.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ExpenseClaimDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        self.actor.require(SUBMIT)
        claim = self.get_object()
        claim = services.claim_step(actor=self.actor, claim=claim, action="submit")
        return Response(ExpenseClaimDetailSerializer(selectors.claim_detail(self.actor, claim.pk)).data)

    @extend_schema(request=ClaimStepWriteSerializer, responses=ExpenseClaimDetailSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        claim = self.get_object()
        body = ClaimStepWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        claim = services.claim_step(actor=self.actor, claim=claim, **body.validated_data)
        return Response(ExpenseClaimDetailSerializer(selectors.claim_detail(self.actor, claim.pk)).data)

    @extend_schema(responses=ClaimLineSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def lines(self, request):
        """The lines a claim may go on (this school year's approved budget), with their balances."""
        self.actor.require(SUBMIT)
        return Response(ClaimLineSerializer(selectors.lines_with_balance(self.actor), many=True).data)
