"""Supervision of the committee's own work (PLAN-4, 督导评估): inspections (a self-check, a mutual check between
schools, a spot check by the higher level) with a scored checklist and findings; rectification items (整改) with an
owner, a deadline, evidence, verification and closure through the workflow engine; and accountability records
(责任追究) where a rectification failed, seen only by the leading group."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveTextField
from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep

__all__ = ["Accountability", "ChecklistItem", "Inspection", "InspectionKind", "InspectionStatus", "Rectification",
           "RectificationStatus", "RectificationStep"]


class InspectionKind(models.TextChoices):
    SELF = "self", _("Self-check")  # 自查
    MUTUAL = "mutual", _("Mutual check")  # 互查
    SPOT = "spot", _("Spot check by the higher level")  # 上级抽查


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class Inspection(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=InspectionKind.choices)
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("date"))
    inspectors = models.CharField(_("inspectors"), max_length=200, blank=True)  # people or the inspecting body
    summary = models.TextField(_("findings"), max_length=8000, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("item"), max_length=300)
    max_score = models.DecimalField(_("full marks"), max_digits=5, decimal_places=1,
                                    validators=[MinValueValidator(Decimal("0"))])
    score = models.DecimalField(_("score given"), max_digits=5, decimal_places=1, null=True, blank=True,
                                validators=[MinValueValidator(Decimal("0"))])
    finding = models.TextField(_("finding"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["inspection", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Being rectified")
    SUBMITTED = "submitted", _("Evidence submitted")
    CLOSED = "closed", _("Verified and closed")
    FAILED = "failed", _("Not rectified")


class Rectification(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="rectifications")
    item = models.ForeignKey(ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("checklist item"))
    problem = models.CharField(_("problem"), max_length=300)
    measure = models.TextField(_("what is to be done"), max_length=2000, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("deadline"))
    evidence = models.TextField(_("evidence"), max_length=4000, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="supervision/%Y/", blank=True, max_length=255)
    evidence_name = models.CharField(_("evidence file name"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RectificationStatus.choices,
                              default=RectificationStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["school", "status", "due_on"])]

    def __str__(self) -> str:
        return self.problem


class RectificationStep(WorkflowStep):
    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=RectificationStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=RectificationStatus.choices)

    class Meta(WorkflowStep.Meta):
        verbose_name = _("rectification step")
        verbose_name_plural = _("rectification steps")


class Accountability(models.Model):
    """责任追究: who answers for a rectification that failed, and what was decided. Leading group only."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="accountability")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("person held to account"))
    person_name = models.CharField(_("name"), max_length=50)  # stays when the account goes
    decided_on = models.DateField(_("decided on"))
    measure = SensitiveTextField(_("measure taken"), max_length=2000)  # 约谈, 通报批评 … personnel matters
    reason = SensitiveTextField(_("reason"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.rectification_id}: {self.person_name}"


PLAIN_TEXT: dict[str, str] = {
    "Inspection.title": "an inspection's title",
    "Inspection.inspectors": "the inspecting people or body (县关工委督导组)",
    "Inspection.summary": "findings about the committee's work, not about a student",
    "ChecklistItem.text": "a checklist item",
    "ChecklistItem.finding": "a finding about the committee's work",
    "Rectification.problem": "a problem in the committee's work",
    "Rectification.measure": "what the committee will do about it",
    "Rectification.evidence": "what was done, as evidence",
    "Rectification.evidence_name": "the evidence file's name",
    "RectificationStep.comment": "a verifier's comment",
    "Accountability.person_name": "the name of the staff member held to account (the record is leading-group only)",
}
