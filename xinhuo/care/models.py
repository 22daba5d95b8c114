"""Care for students (STU, MEN, FAM-2). This step: special groups (特殊群体) and the students' tags in them,
with a review date and the kept status history (STU-2)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField

from xinhuo.core.models import School
from xinhuo.people.models import Student


class SpecialGroup(models.Model):
    """A special group of the school (configurable; six defaults, see services.special_groups_for)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    review_months = models.PositiveSmallIntegerField(
        _("review after (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)])
    # the home-visit interval for students in this group (used by the home-visit plan)
    visit_every_days = models.PositiveSmallIntegerField(
        _("home visit every (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)])
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("special group")
        verbose_name_plural = _("special groups")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="uniq_special_group_code")]

    def __str__(self) -> str:
        return self.name


class TagSource(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    HEAD_TEACHER = "head_teacher", _("Head teacher's report")
    SCREENING = "screening", _("Psychological screening")
    PARENT_REQUEST = "parent_request", _("Parent's request")


class TagStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    SUPPORTED = "supported", _("Being supported")
    IMPROVING = "improving", _("Improving")
    CLOSED = "closed", _("Case closed")


class StudentTag(models.Model):
    """A student's membership of a special group: sensitive, seen only by the committee, counsellors and the
    student's head teacher (rules.py). At most one open tag per student and group."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="special_tags")
    group = models.ForeignKey(SpecialGroup, on_delete=models.PROTECT, related_name="tags")
    source = models.CharField(_("source"), max_length=16, choices=TagSource.choices)
    identified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                      related_name="+")
    identified_on = models.DateField(_("identified on"))
    review_on = models.DateField(_("review on"))
    status = models.CharField(_("status"), max_length=12, choices=TagStatus.choices, default=TagStatus.IDENTIFIED)
    note = EncryptedTextField(_("note"), blank=True, null=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("special-group tag")
        verbose_name_plural = _("special-group tags")
        ordering = ["review_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["student", "group"], condition=~Q(status="closed"),
                                    name="uniq_open_student_tag"),
        ]
        indexes = [models.Index(fields=["school", "status", "review_on"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.group}"

    @property
    def is_open(self) -> bool:
        return self.status != TagStatus.CLOSED

    def is_expired(self, on=None) -> bool:
        return self.is_open and self.review_on < (on or timezone.localdate())


class TagStatusChange(models.Model):
    """One step of a tag's history: identification, each status change and each renewal."""

    tag = models.ForeignKey(StudentTag, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from status"), max_length=12, choices=TagStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=TagStatus.choices)
    review_on = models.DateField(_("review on"))
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tag status change")
        verbose_name_plural = _("tag status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.tag_id}: {self.from_status or '-'} → {self.to_status}"
