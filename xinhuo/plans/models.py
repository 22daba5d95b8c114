"""The annual work plan (PLAN-1) and the progress of its tasks (PLAN-2), laid out like the seed plans: the plan's
guiding ideas, principles and goals, then sections (一、), each with its tasks (（一）), each task with its measures
(1. 2. …), owner, departments (GOV-4), deadline and expected evidence; progress as status, percentage, linked
activities, photos and files, each update kept."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Department, School


def plan_period(year: int) -> tuple[dt.date, dt.date]:
    """A plan's year is a school year: September `year` to August `year + 1` (summer tasks included)."""
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def lines_of(text: str) -> list[str]:
    """The items of a multi-line field (principles, goals, measures): one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


class WorkPlan(models.Model):
    """A school's work plan for one school year. A draft is the committee's working copy (only the committee sees
    it); an adopted plan is the school's, seen by all staff, and its tasks are tracked."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    subtitle = models.CharField(_("subtitle"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("school year"), help_text=_("The year the school year starts in"))
    intro = models.TextField(_("introduction"), max_length=4000, blank=True)
    guiding_ideas = models.TextField(_("guiding ideas"), max_length=4000, blank=True)
    principles = models.TextField(_("principles"), max_length=4000, blank=True, help_text=_("One per line"))
    goals = models.TextField(_("goals"), max_length=4000, blank=True, help_text=_("One per line"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    template = models.CharField(_("template"), max_length=20, blank=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("copied from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "title"], name="uniq_plan_title")]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return plan_period(self.year)

    @property
    def year_label(self) -> str:
        return year_label(self.year)


class PlanSection(models.Model):
    """A 一、 part of the plan: a group of key tasks."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=100)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """A key task (（一）) with its measures, who answers for it and its progress. `plan` repeats the section's
    plan so that the task lists (mine, my department's, overdue) filter without joining through the section."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=150)
    measures = models.TextField(_("measures"), max_length=8000, blank=True, help_text=_("One per line"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    departments = models.ManyToManyField(Department, blank=True, related_name="+", verbose_name=_("departments"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_evidence = models.CharField(_("expected evidence"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                               validators=[MinValueValidator(0), MaxValueValidator(100)])
    activities = models.ManyToManyField("activities.Activity", blank=True, related_name="+",
                                        verbose_name=_("linked activities"))
    last_update_note = models.CharField(_("latest progress note"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["section__order", "section_id", "order", "pk"]
        indexes = [models.Index(fields=["plan", "status", "deadline"]), models.Index(fields=["owner", "status"])]
        constraints = [models.CheckConstraint(condition=models.Q(percent__lte=100), name="task_percent_max_100")]

    def __str__(self) -> str:
        return self.title

    @property
    def measure_list(self) -> list[str]:
        return lines_of(self.measures)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return (self.deadline is not None and self.status in OPEN_STATUSES
                and self.deadline < (today or timezone.localdate()))


class TaskUpdate(models.Model):
    """One progress report on a task: who, when, the status and percentage it set, and what they wrote."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.CharField(_("note"), max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.status} {self.percent}%"


def evidence_path(instance: TaskEvidence, filename: str) -> str:
    return f"plans/{instance.task.plan.school_id}/{instance.task.plan_id}/{instance.task_id}/{filename}"


class TaskEvidence(models.Model):
    """A photo or a file showing the task was done, checked by core.uploads before it is kept (photos upright,
    resized, without EXIF)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        FILE = "file", _("File")

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("task evidence")
        verbose_name_plural = _("task evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "WorkPlan.intro": "the school's work plan, a published document",
    "WorkPlan.guiding_ideas": "the school's work plan",
    "WorkPlan.principles": "the school's work plan",
    "WorkPlan.goals": "the school's work plan",
    "PlanTask.measures": "a plan task's measures",
    "PlanTask.last_update_note": "progress of a plan task",
    "TaskUpdate.note": "progress of a plan task",
}
