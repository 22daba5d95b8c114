"""The committee's annual budget (GOV-3, 经费专款专用): lines by category (宣传, 活动, 培训, 慰问, 奖励, 资助 …)
with exact amounts in yuan; a line may be earmarked (专款专用): restricted to some kinds of expense and to a stated
purpose, or funded by a donor's fund (community.Fund) whose purpose it then carries. An activity's approved budget
request becomes a pending commitment on a line, closed by the actual cost its summary records.

Balance of a line = amount − committed (open commitments) − claimed (claims waiting, approved or paid): the
services refuse whatever would take it below zero."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School, SchoolYear

__all__ = ["Budget", "BudgetLine", "BudgetStatus", "Commitment", "CommitmentStatus", "ExpenseKind", "FinanceSettings",
           "LineCategory"]


class LineCategory(models.TextChoices):
    PUBLICITY = "publicity", _("Publicity work")  # 宣传
    ACTIVITY = "activity", _("Activities")  # 活动
    TRAINING = "training", _("Training")  # 培训
    CARE = "care", _("Visits and condolences")  # 慰问
    REWARD = "reward", _("Rewards")  # 奖励
    AID = "aid", _("Student aid")  # 资助
    OFFICE = "office", _("Office")  # 办公
    OTHER = "other", _("Other")


class ExpenseKind(models.TextChoices):
    """What a claim paid for; an earmarked line names the kinds it accepts."""

    PRINTING = "printing", _("Printing and publicity materials")
    MATERIALS = "materials", _("Activity materials")
    TRANSPORT = "transport", _("Transport")
    MEALS = "meals", _("Meals")
    VENUE = "venue", _("Venue")
    FEES = "fees", _("Speakers' and trainers' fees")
    GIFTS = "gifts", _("Condolence gifts")
    PRIZES = "prizes", _("Prizes and certificates")
    AID = "aid", _("Aid paid to a family")
    OTHER = "other", _("Other")


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Budget(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("school year"))
    title = models.CharField(_("title"), max_length=100)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year__start", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="uniq_budget_year")]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=10, choices=LineCategory.choices)
    name = models.CharField(_("name"), max_length=60)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # 专款专用: an earmarked line takes only claims of its kinds (empty: any kind) for its stated purpose
    earmarked = models.BooleanField(_("earmarked"), default=False)
    earmark_purpose = models.CharField(_("earmarked for"), max_length=200, blank=True)
    allowed_kinds = models.JSONField(_("kinds of expense allowed"), default=list, blank=True)
    fund = models.ForeignKey("community.Fund", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("donor fund"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "name"], name="uniq_budget_line_name"),
            models.CheckConstraint(condition=Q(amount__gte=Decimal("0")), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Committed")
    CLOSED = "closed", _("Closed by the actual cost")
    RELEASED = "released", _("Released")  # the activity was cancelled


class Commitment(models.Model):
    """The money an approved activity is expected to spend, held on a line until its summary gives the cost."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="commitments")
    activity = models.OneToOneField("activities.Activity", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("activity"))
    amount = models.DecimalField(_("committed (yuan)"), max_digits=12, decimal_places=2)
    actual = models.DecimalField(_("actual cost (yuan)"), null=True, blank=True, max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["line", "status"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=Decimal("0")), name="commitment_not_negative")]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.amount}"


class FinanceSettings(models.Model):
    """A school's finance rules: above `second_approval_over` yuan, a claim needs a second approver."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    second_approval_over = models.DecimalField(_("second approval above (yuan)"), default=Decimal("2000"),
                                               max_digits=12, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")

    def __str__(self) -> str:
        return f"{self.school_id}: {self.second_approval_over}"


PLAIN_TEXT: dict[str, str] = {
    "Budget.title": "a budget's title",
    "Budget.note": "notes on the committee's budget",
    "BudgetLine.name": "a budget line's name",
    "BudgetLine.earmark_purpose": "what an earmarked line is for",
}
