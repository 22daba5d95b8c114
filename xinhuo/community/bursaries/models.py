"""Models of donors, funds, grants to students and the accountability report (COM-3, 爱心助学).

A donor (a person or an organisation) gives one or more funds (王氏爱心助学金); each donation received into a fund
is recorded with its date, amount and an optional receipt. A grant gives a student an amount from a fund: proposed
(applied), approved, returned for changes or rejected by the committee, and paid by finance; each status change is a
GrantStep (core.workflow). A fund's restrictions (special groups, grades, a yearly maximum per student) and its
balance are checked by the services before anything is written."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveCharField, SensitiveTextField
from xinhuo.core.masking import mask_phone
from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep

__all__ = ["Donation", "Donor", "DonorKind", "Fund", "FundStatus", "Grant", "GrantStatus", "GrantStep"]

PUBLIC_ANONYMOUS = "爱心人士"  # how a donor who did not consent to be named appears outside the committee


def receipt_path(instance, filename: str) -> str:
    return f"bursaries/{instance.fund.school_id}/receipts/{filename}"


class DonorKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Donor(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=DonorKind.choices, default=DonorKind.PERSON)
    name = models.CharField(_("name"), max_length=100)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = SensitiveCharField(_("phone"), max_length=20, blank=True)
    named_publicly = models.BooleanField(_("agrees to be named publicly"), default=False)
    note = SensitiveTextField(_("note"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def public_name(self) -> str:
        """The name shown outside the committee: the donor's own only with their consent."""
        return self.name if self.named_publicly else PUBLIC_ANONYMOUS

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class FundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Fund(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="funds", verbose_name=_("donor"))
    name = models.CharField(_("name"), max_length=60)
    purpose = models.TextField(_("purpose"), max_length=1000, blank=True)
    # restrictions: special-group codes (care's SpecialGroup.code; empty: any student), grade levels, a yearly maximum
    group_codes = models.JSONField(_("only students of the special groups"), default=list, blank=True)
    grade_min = models.PositiveSmallIntegerField(_("from grade"), null=True, blank=True,
                                                 validators=[MinValueValidator(1), MaxValueValidator(12)])
    grade_max = models.PositiveSmallIntegerField(_("to grade"), null=True, blank=True,
                                                 validators=[MinValueValidator(1), MaxValueValidator(12)])
    max_per_student_year = models.DecimalField(_("at most per student and school year (yuan)"), max_digits=10,
                                               decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=FundStatus.choices, default=FundStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["status", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="uniq_bursary_fund_name")]

    def __str__(self) -> str:
        return self.name


class Donation(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="donations", verbose_name=_("fund"))
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, blank=True)
    receipt_name = models.CharField(_("receipt file name"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["received_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="bursary_donation_positive")]

    def __str__(self) -> str:
        return f"{self.fund_id}: {self.amount}"


class GrantStatus(models.TextChoices):
    APPLIED = "applied", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


# statuses whose amount is taken from the fund (a pending application reserves it, so two cannot overspend)
COMMITTED = (GrantStatus.APPLIED, GrantStatus.APPROVED, GrantStatus.PAID)
GRANTED = (GrantStatus.APPROVED, GrantStatus.PAID)


class Grant(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="grants", verbose_name=_("fund"))
    # None after an erasure (ORG-9): the amount stays for the accounts, the link to the child goes
    student = models.ForeignKey("people.Student", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("student"))
    erased_label = models.CharField(_("erased student"), max_length=50, blank=True)
    grade_level = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)  # at application, for reports
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    granted_on = models.DateField(_("date"))
    reason = SensitiveTextField(_("reason"), max_length=1000)
    # the student's special groups when proposed, as labels (留守儿童、贫困): the evidence the committee approved on
    groups_snapshot = SensitiveCharField(_("special groups at application"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.APPLIED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("bursary grant")
        verbose_name_plural = _("bursary grants")
        ordering = ["-granted_on", "-pk"]
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["fund", "status"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="bursary_grant_positive")]

    def __str__(self) -> str:
        return f"{self.fund_id}: {self.amount}"

    @property
    def student_name(self) -> str:
        return self.student.name if self.student_id and self.student else self.erased_label


class GrantStep(WorkflowStep):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=GrantStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=GrantStatus.choices)
    comment = SensitiveTextField(_("comment"), max_length=1000, blank=True)

    class Meta(WorkflowStep.Meta):
        verbose_name = _("grant step")
        verbose_name_plural = _("grant steps")

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.from_status or '-'} → {self.to_status}"


# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "Donor.name": "a donor's or organisation's name, shown outside the committee only with their consent",
    "Donor.contact_person": "an organisation's contact, a committee-only business contact",
    "Fund.name": "a fund's public name (王氏爱心助学金)",
    "Fund.purpose": "a fund's published purpose, shown to donors and proposers",
    "Donation.reference": "a bank transfer or receipt number",
    "Donation.receipt_name": "the uploaded receipt's file name",
    "Grant.erased_label": "the pseudonym an erased student is given (已离校学生#id)",
}
