"""A rollover run: the choices the committee made, what the preview said, what was applied and how to undo it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School, SchoolYear
from xinhuo.core.validators import TEXT_MAX


class RolloverRun(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being applied")
        DONE = "done", _("Rolled over")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    from_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("from school year"))
    # the year it created (null until applied, and again after an undo removed it)
    to_year = models.ForeignKey(SchoolYear, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("to school year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    # the choices made
    year_name = models.CharField(_("name of the new school year"), max_length=40)
    year_start = models.DateField(_("first day"))
    year_end = models.DateField(_("last day"))
    term1_start = models.DateField(_("first term starts"))
    term1_end = models.DateField(_("first term ends"))
    term2_start = models.DateField(_("second term starts"))
    term2_end = models.DateField(_("second term ends"))
    repeat = models.JSONField(_("students repeating the year"), default=list, blank=True)  # student ids
    head_teachers = models.JSONField(default=dict, blank=True)  # {class id: user id}: reassignments
    lines = models.JSONField(default=list, blank=True)  # the preview's lines (as applied, once applied)
    undo = models.JSONField(default=dict, blank=True)  # app label -> what its undo needs
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, max_length=TEXT_MAX)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollover run")
        verbose_name_plural = _("rollover runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.year_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


PLAIN_TEXT: dict[str, str] = {
    "RolloverRun.error": "why a run failed (a technical message or a check's own words), never a person's situation",
}
