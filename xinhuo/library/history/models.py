"""The school's history (RES-5, 校史): items (photos, documents, objects, oral-history recordings) with their year,
theme and story, and the contributors who gave or curated them (elders holding the school-history curator role,
or the committee). Published items make the timeline every member of the school reads; drafts stay with their
contributors and the committee."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School

__all__ = ["HistoryItem", "HistoryKind", "HistoryStatus", "HistoryTheme"]

YEAR_MIN, YEAR_MAX = 1800, 2100


class HistoryKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")
    OBJECT = "object", _("Object")  # a medal, a school badge, a desk: described, with a photo of it
    ORAL_HISTORY = "oral_history", _("Oral history")  # a recording of an elder telling


class HistoryTheme(models.TextChoices):
    FOUNDING = "founding", _("Founding and buildings")
    TEACHERS = "teachers", _("Teachers")
    STUDENTS = "students", _("Students and alumni")
    RED = "red", _("Red tradition")
    HONOURS = "honours", _("Honours")
    CAMPUS_LIFE = "campus_life", _("Campus life")
    COMMITTEE = "committee", _("The committee's work")


class HistoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def history_path(instance, filename: str) -> str:
    return f"library/{instance.school_id}/history/{filename}"


class HistoryItem(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=HistoryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=HistoryTheme.choices)
    story = models.TextField(_("story"), max_length=20000, blank=True)
    file = models.FileField(_("file"), upload_to=history_path, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                          verbose_name=_("contributors"))
    status = models.CharField(_("status"), max_length=10, choices=HistoryStatus.choices,
                              default=HistoryStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("school history item")
        verbose_name_plural = _("school history items")
        ordering = ["year", "date", "pk"]
        indexes = [models.Index(fields=["school", "status", "year"])]
        constraints = [models.CheckConstraint(condition=models.Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                                              name="library_history_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def decade(self) -> int:
        return self.year - self.year % 10


PLAIN_TEXT: dict[str, str] = {
    "HistoryItem.title": "a school-history item's title, shown on the timeline",
    "HistoryItem.story": "the published story of the school's past",
    "HistoryItem.file_name": "the stored file's name",
}
