"""Expense claims (GOV-3, 报销): who spent what, how much, on which budget line, with receipts (images or PDF),
linked to an activity or a plan task. Submitted by the claimant, checked by finance, approved by the director
(and, above the school's threshold, by a second approver who is neither), paid by finance. Every step goes through
the workflow engine; a claim that would overspend its line or break an earmark is refused with a message."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep

from ..budgets.models import BudgetLine, ExpenseKind

__all__ = ["RESERVING", "SPENT", "WAITING", "ClaimReceipt", "ClaimStatus", "ClaimStep", "ExpenseClaim"]


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for finance")
    CHECKED = "checked", _("Checked, waiting for approval")
    FIRST_APPROVED = "approved1", _("Approved, waiting for the second approver")
    APPROVED = "approved", _("Approved, to be paid")
    PAID = "paid", _("Paid")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("claim", "Withdrawn")


# a claim waiting reserves its amount on the line, so two cannot overspend together; a returned one is checked
# again when resubmitted
WAITING = (ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, ClaimStatus.FIRST_APPROVED)
SPENT = (ClaimStatus.APPROVED, ClaimStatus.PAID)
RESERVING = WAITING + SPENT


def receipt_path(instance, filename: str) -> str:
    return f"finance/{instance.claim.school_id}/receipts/{filename}"


class ExpenseClaim(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("claimant"))
    title = models.CharField(_("what for"), max_length=150)
    kind = models.CharField(_("kind of expense"), max_length=10, choices=ExpenseKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    spent_on = models.DateField(_("spent on"))
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="claims",
                             verbose_name=_("budget line"))
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("activity"))
    plan_task = models.ForeignKey("plans.PlanTask", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("plan task"))
    description = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    needs_second = models.BooleanField(_("needs a second approver"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    second_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["line", "status"]),
                   models.Index(fields=["claimant", "status"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="claim_positive")]

    def __str__(self) -> str:
        return f"{self.title} ¥{self.amount}"


class ClaimStep(WorkflowStep):
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=ClaimStatus.choices)

    class Meta(WorkflowStep.Meta):
        verbose_name = _("claim step")
        verbose_name_plural = _("claim steps")


class ClaimReceipt(models.Model):
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(_("expense receipt"), upload_to=receipt_path, max_length=255)
    name = models.CharField(_("file name"), max_length=150)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("expense receipt")
        verbose_name_plural = _("receipts")
        ordering = ["claim", "pk"]

    def __str__(self) -> str:
        return self.name


PLAIN_TEXT: dict[str, str] = {
    "ExpenseClaim.title": "what the money was spent on",
    "ExpenseClaim.description": "details of an expense (items, quantities)",
    "ExpenseClaim.payment_reference": "a bank transfer or voucher number",
    "ClaimStep.comment": "finance's or an approver's comment on a claim",
    "ClaimReceipt.name": "the receipt file's name",
}
