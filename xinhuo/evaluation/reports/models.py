"""The year-end report (PLAN-5, 工作总结): generated from the school year's data into editable sections, edited by
the committee, finalised into Word and PDF, filed in the archive and submitted to the county committee."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School, SchoolYear

__all__ = ["ReportStatus", "YearReport"]

PLAIN_TEXT: dict[str, str] = {
    "YearReport.title": "the report's title",
    "YearReport.sections": "the committee's summary of its year: aggregates and activities, no record of a person",
    "YearReport.error": "why the last generation failed, for the committee",
    "YearReport.docx_name": "a generated file's name",
    "YearReport.pdf_name": "a generated file's name",
}


class ReportStatus(models.TextChoices):
    GENERATING = "generating", _("Being generated")
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Finalised")
    SUBMITTED = "submitted", _("Submitted to the county")


def report_path(instance, filename: str) -> str:
    return f"evaluation/reports/{instance.school_id}/{filename}"


class YearReport(models.Model):
    """One school year's report. `sections` is a list of {"key", "heading", "text", "tables", "charts"} in the
    committee's order; the generated text is kept in `generated` so an edit can be compared or undone."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.GENERATING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # 0-100, while generating
    error = models.CharField(max_length=300, blank=True)
    sections = models.JSONField(default=list, blank=True)
    generated = models.JSONField(default=list, blank=True)
    docx = models.FileField(upload_to=report_path, blank=True, max_length=255)
    docx_name = models.CharField(max_length=150, blank=True)
    pdf = models.FileField(upload_to=report_path, blank=True, max_length=255)
    pdf_name = models.CharField(max_length=150, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("year-end report")
        verbose_name_plural = _("year-end reports")
        ordering = ["-school_year__start", "-id"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="uniq_eval_year_report")]

    def __str__(self) -> str:
        return self.title
