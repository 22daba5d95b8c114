"""Budgets over the API (/api/v1/finance/...): budgets with their lines and positions (finance and the committee
read; finance writes; the director approves), lines, and the execution report as JSON. The same selectors,
services and rules as the pages; denied = 404."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import IdField, page_id

from . import selectors, services
from .models import Budget, BudgetLine, ExpenseKind, LineCategory
from .money import positions

PATHS: list = []


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


class PositionSerializer(serializers.Serializer):
    budget = money()
    committed = money()
    waiting = money()
    spent = money()
    balance = money()


class BudgetLineSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    fund_name = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField(help_text="Budget, committed, waiting, spent and balance (yuan).")

    class Meta:
        model = BudgetLine
        fields = ["id", "budget", "category", "category_label", "name", "amount", "order", "earmarked",
                  "earmark_purpose", "allowed_kinds", "fund", "fund_name", "position"]
        read_only_fields = fields

    def get_fund_name(self, obj) -> str | None:
        return obj.fund.name if obj.fund_id else None

    @extend_schema(responses=PositionSerializer)
    def get_position(self, obj) -> dict:
        found = self.context.get("positions") or positions([obj])
        return dict(PositionSerializer(found[obj.pk]).data)


class BudgetSerializer(serializers.ModelSerializer):
    year_name = serializers.CharField(source="year.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "year", "year_name", "title", "note", "status", "status_label", "approved_at"]
        read_only_fields = fields


class BudgetDetailSerializer(BudgetSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(BudgetSerializer.Meta):
        fields = [*BudgetSerializer.Meta.fields, "lines"]
        read_only_fields = fields

    @extend_schema(responses=BudgetLineSerializer(many=True))
    def get_lines(self, obj) -> list:
        found = selectors.lines(obj)
        return list(BudgetLineSerializer(found, many=True, context={"positions": positions(found)}).data)


class BudgetWriteSerializer(serializers.Serializer):
    year = IdField(required=False, help_text="The school year (on creation).")
    title = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class BudgetLineWriteSerializer(serializers.Serializer):
    budget = IdField(required=False, help_text="The budget (on creation).")
    category = serializers.ChoiceField(choices=LineCategory.choices)
    name = serializers.CharField(max_length=60)
    amount = serializers.CharField(max_length=30, help_text="Yuan, at most two decimals, such as 5000 or 1234.50.")
    order = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=32767)
    earmarked = serializers.BooleanField(required=False, default=False)
    earmark_purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    allowed_kinds = serializers.ListField(child=serializers.ChoiceField(choices=ExpenseKind.choices), required=False,
                                          default=list, max_length=20)
    fund = IdField(required=False, allow_null=True, default=None, help_text="A donor's open fund.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                 help_text="Why, when the budget is approved already (required then).")


class BudgetViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Budgets (finance and the committee read); finance starts one, the director approves it."""

    queryset = Budget.objects.none()
    capability = "finance.budgets.view"

    def get_queryset(self):
        return selectors.budgets(self.actor)

    def get_serializer_class(self):
        return BudgetDetailSerializer if self.action == "retrieve" else BudgetSerializer

    @extend_schema(request=BudgetWriteSerializer, responses={201: BudgetDetailSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("finance.budgets.manage")
        body = BudgetWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        year_id = data.pop("year", None)
        year = selectors.years(self.actor).filter(pk=year_id).first() if year_id else None
        budget = services.budget_save(actor=self.actor, year=year, **data)
        return Response(BudgetDetailSerializer(budget).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BudgetDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        budget = self.get_object()
        budget = services.budget_approve(actor=self.actor, budget=budget)
        return Response(BudgetDetailSerializer(budget).data)

    @extend_schema(parameters=[OpenApiParameter("year", int, description="The school year (default: current).")],
                   responses={200: dict})
    @action(detail=False, methods=["get"])
    def report(self, request):
        """The execution report (执行情况): per line, per earmark and per activity; amounts as exact strings."""
        self.actor.require("finance.report.view")
        data = selectors.report(self.actor, page_id(request.query_params, "year"))
        return Response(selectors.report_json(data))


class BudgetLineViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Budget lines with their positions (finance and the committee); finance adds and changes them."""

    queryset = BudgetLine.objects.none()
    capability = "finance.budgets.view"
    serializer_class = BudgetLineSerializer

    def get_queryset(self):
        qs = selectors.all_lines(self.actor)
        budget = page_id(self.request.query_params, "budget")
        return qs.filter(budget_id=budget) if budget else qs

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list":
            page = getattr(self, "_page_lines", None)
            if page is not None:
                context["positions"] = positions(page)
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page_lines = list(page) if page is not None else list(queryset)
        return page

    @extend_schema(parameters=[OpenApiParameter("budget", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BudgetLineWriteSerializer, responses={201: BudgetLineSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("finance.budgets.manage")
        body = BudgetLineWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        budget_id = data.pop("budget", None)
        if not budget_id:
            raise serializers.ValidationError({"budget": ["Choose the budget."]})
        budget = selectors.budget_detail(self.actor, budget_id)
        line = services.line_save(actor=self.actor, budget=budget, **data)
        return Response(BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BudgetLineWriteSerializer, responses=BudgetLineSerializer)
    def update(self, request, *args, **kwargs):
        self.actor.require("finance.budgets.manage")
        line = self.get_object()
        body = BudgetLineWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("budget", None)
        line = services.line_save(actor=self.actor, budget=line.budget, line=line, **data)
        return Response(BudgetLineSerializer(line).data)

    def get_object(self):
        pk = self.kwargs["pk"]
        line = selectors.all_lines(self.actor).filter(pk=pk).first()
        if line is None:
            raise Http404
        return line
