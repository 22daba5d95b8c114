"""The committee's archive (GOV-2, 档案管理): records filed automatically by the modules that make them (a published
plan, approved minutes, a signed agreement, an awarded certificate, a year-end report) or uploaded, with category,
year, keywords and a retention period. A record past its retention date is listed for the committee, who confirm
its destruction or extend it; both are logged (ArchiveEvent, append-only) and nothing is deleted otherwise: a
destroyed record keeps its catalogue row (title, dates, who confirmed) and loses only its file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import AppendOnlyModel, School

__all__ = ["ArchiveCategory", "ArchiveEvent", "ArchiveRecord", "EventKind", "RecordStatus", "Retention"]


class ArchiveCategory(models.TextChoices):
    MINUTES = "minutes", _("Minutes")  # 会议纪要
    PLAN = "plan", _("Work plan")  # 工作计划
    SUMMARY = "summary", _("Summary and report")  # 工作总结
    PHOTO = "photo", _("Photos")  # 照片
    CERTIFICATE = "certificate", _("Certificate")  # 荣誉证书
    AGREEMENT = "agreement", _("Agreement")  # 协议
    RECEIPT = "receipt", _("Receipt and accounts")  # 票据、账目
    CHARTER = "charter", _("Charter and rules")  # 章程、制度
    INSPECTION = "inspection", _("Inspection and rectification")  # 督导、整改
    OTHER = "other", _("Other")


class Retention(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    Y30 = "30", _("30 years")
    Y10 = "10", _("10 years")
    Y5 = "5", _("5 years")


class RecordStatus(models.TextChoices):
    KEPT = "kept", _("Kept")
    DESTROYED = "destroyed", _("Destroyed")


def archive_path(instance, filename: str) -> str:
    return f"archives/{instance.school_id}/{instance.year}/{filename}"


class ArchiveRecord(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("archive number"), max_length=30)  # 2025-JH-003: year, category code, sequence
    category = models.CharField(_("category"), max_length=12, choices=ArchiveCategory.choices)
    year = models.PositiveSmallIntegerField(_("year"))  # the calendar year the school year starts (2025 for 2025–26)
    title = models.CharField(_("title"), max_length=200)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    dated = models.DateField(_("date of the record"))
    retention = models.CharField(_("retention"), max_length=10, choices=Retention.choices,
                                 default=Retention.Y10)
    keep_until = models.DateField(_("keep until"), null=True, blank=True)  # None: permanent
    file = models.FileField(_("file"), upload_to=archive_path, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)  # the page of the record in its own module
    # "<app>.<model>:<pk>" of the record a module filed: filing the same record again updates it, never duplicates
    source = models.CharField(_("source"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.KEPT)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    filed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("archive record")
        verbose_name_plural = _("archive records")
        ordering = ["-year", "category", "number"]
        indexes = [models.Index(fields=["school", "year", "category"]),
                   models.Index(fields=["school", "status", "keep_until"])]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="uniq_archive_number"),
            models.UniqueConstraint(fields=["school", "source"], condition=~models.Q(source=""),
                                    name="uniq_archive_source"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class EventKind(models.TextChoices):
    FILED = "filed", _("Filed")
    EXTENDED = "extended", _("Retention extended")
    DESTROYED = "destroyed", _("Destruction confirmed")


class ArchiveEvent(AppendOnlyModel):
    """The archive's own log: what was filed, extended or destroyed, by whom, why. Never changed or deleted."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(ArchiveRecord, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=10, choices=EventKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    keep_until = models.DateField(_("keep until"), null=True, blank=True)  # the new date of an extension
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("archive event")
        verbose_name_plural = _("archive events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.kind}"


PLAIN_TEXT: dict[str, str] = {
    "ArchiveRecord.number": "an archive number",
    "ArchiveRecord.title": "a record's title in the catalogue (a plan, minutes, a certificate)",
    "ArchiveRecord.keywords": "catalogue keywords",
    "ArchiveRecord.file_name": "the stored file's name",
    "ArchiveRecord.link": "the record's page in its module",
    "ArchiveRecord.source": "which module's record it is (app.model:pk)",
    "ArchiveEvent.note": "why a record was destroyed or kept longer",
}
