"""Activities (ACT-1, ACT-2): the committee's activities from application to archive. This step: the activity
and its workflow (apply → approve / return for changes / reject → run → summarise → archive), each step kept."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School


class ActivityKind(models.TextChoices):
    """The kinds of activity the five work plans hold (ACT-2)."""

    FLAG_CEREMONY = "flag_ceremony", _("Flag ceremony and speech")
    STUDY_TRIP = "study_trip", _("Red-culture study trip")
    STORY_CONTEST = "story_contest", _("Story contest")
    LECTURE = "lecture", _("Lecture (law, safety, psychology)")
    DRILL = "drill", _("Emergency drill")
    VOLUNTEER = "volunteer", _("Volunteer service")
    LABOUR = "labour", _("Labour practice")
    SCIENCE = "science", _("Science and maker event")
    CLUB_EVENT = "club_event", _("Club event")
    FESTIVAL = "festival", _("Festival")
    PARENT_DAY = "parent_day", _("Parent open day")
    COMMUNITY = "community", _("Community service")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    RUNNING = "running", _("Running")
    SUMMARISED = "summarised", _("Summarised")
    ARCHIVED = "archived", _("Archived")


class Activity(models.Model):
    """An activity of the committee. Its status changes only through the services (DESIGN.md's workflow
    pattern), each change kept as an ActivityStep."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    objectives = models.TextField(_("objectives"), max_length=2000, blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("organiser"))
    organisers = models.CharField(_("organising departments"), max_length=200, blank=True)
    elders = models.ManyToManyField("elders.Elder", blank=True, related_name="activities",
                                    verbose_name=_("elders involved"))
    safety_plan = models.TextField(_("safety plan"), max_length=4000, blank=True)
    budget_request = models.DecimalField(_("budget request (yuan)"), max_digits=10, decimal_places=2, null=True,
                                         blank=True, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices,
                              default=ActivityStatus.APPLIED)
    summary = models.TextField(_("summary"), max_length=10000, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["school", "status", "starts_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="activity_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class ActivityStep(models.Model):
    """One step of an activity's workflow: who, when, from which status to which, and why."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=12, choices=ActivityStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=ActivityStatus.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity step")
        verbose_name_plural = _("activity steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.from_status or '-'} → {self.to_status}"
