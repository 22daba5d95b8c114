"""Models of parent volunteers: the roster, an activity's requests, who accepted, hours (FAM-3).

A parent offers to volunteer (VolunteerOffer: the kinds of duty, skills, when they are free); the organiser of an
activity, or the committee, asks for volunteers for it (VolunteerRequest: the duty, how many, when); each parent
invited, or who answered an open call, has one VolunteerResponse (invited → accepted / declined / withdrawn), on
which the organiser confirms afterwards whether they served and the hours credited."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School

__all__ = ["VolunteerKind", "ResponseStatus", "VolunteerOffer", "VolunteerRequest", "VolunteerResponse"]


class VolunteerKind(models.TextChoices):
    """The duties a parent volunteer takes on (家长志愿者)."""

    TEACHING = "teaching", _("Teaching assistant")  # 助教
    PATROL = "patrol", _("Safety patrol")  # 护学/巡查
    SUPPORT = "support", _("Event support")  # 活动保障
    TRIP = "trip", _("Trip escort")  # 出行保障
    MEDICAL = "medical", _("First aid")  # 医疗救护
    PUBLICITY = "publicity", _("Photography and publicity")  # 摄影宣传
    TALK = "talk", _("Career and expert talks")  # 职业分享、专家讲座
    OTHER = "other", _("Other")


class ResponseStatus(models.TextChoices):
    INVITED = "invited", _("Invited, no answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


WEEKDAY_CODES = "1234567"  # Monday .. Sunday, as ISO weekdays


class VolunteerOffer(models.Model):
    """A parent's offer to volunteer: one per guardian, changed by the parent, paused with `active`."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    guardian = models.OneToOneField("people.Guardian", on_delete=models.CASCADE, related_name="volunteer_offer",
                                    verbose_name=_("parent"))
    # the kinds as ",teaching,patrol," so that one kind is found with a plain LIKE on every database
    kinds = models.CharField(_("kinds of duty"), max_length=120)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    weekdays = models.CharField(_("days available"), max_length=7, blank=True)  # ISO weekday digits, "135"
    times = models.CharField(_("times available"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("volunteer offer")
        verbose_name_plural = _("volunteer offers")
        ordering = ["pk"]
        indexes = [models.Index(fields=["school", "active"])]

    def __str__(self) -> str:
        return f"{self.guardian_id}: {self.kinds}"

    @property
    def kind_list(self) -> list[str]:
        return [k for k in self.kinds.split(",") if k]

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(VolunteerKind.choices)
        return [str(labels[k]) for k in self.kind_list if k in labels]

    @property
    def weekday_list(self) -> list[int]:
        return [int(d) for d in self.weekdays if d in WEEKDAY_CODES]


class VolunteerRequest(models.Model):
    """A call for volunteers for one activity: the duty, how many are needed, when, and to whom (chosen parents,
    or every volunteer of the activity's audience)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("activity"))
    kind = models.CharField(_("duty"), max_length=12, choices=VolunteerKind.choices)
    needed = models.PositiveSmallIntegerField(_("volunteers needed"), validators=[MinValueValidator(1)])
    starts_at = models.DateTimeField(_("duty starts"))
    ends_at = models.DateTimeField(_("duty ends"))
    note = models.CharField(_("what the volunteers do"), max_length=500, blank=True)
    open_to_all = models.BooleanField(_("open to all volunteers of the audience"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    hours_confirmed_at = models.DateTimeField(_("hours confirmed at"), null=True, blank=True)
    hours_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="+")

    class Meta:
        verbose_name = _("volunteer request")
        verbose_name_plural = _("volunteer requests")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["school", "starts_at"]), models.Index(fields=["activity", "starts_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="volunteer_request_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.kind} × {self.needed}"

    @property
    def duration_hours(self) -> Decimal:
        """The duty's length in hours, to the half hour: the hours credited unless the organiser says otherwise."""
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return min(Decimal(round(seconds / 1800)) / 2, Decimal("24")) or Decimal("0.5")


class VolunteerResponse(models.Model):
    """One parent's place on a request: invited (or answering an open call), accepted, declined or withdrawn; after
    the duty, whether they served and the hours credited."""

    request = models.ForeignKey(VolunteerRequest, on_delete=models.CASCADE, related_name="responses")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ResponseStatus.choices,
                              default=ResponseStatus.INVITED)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    served = models.BooleanField(_("served"), null=True, blank=True)
    hours = models.DecimalField(_("service hours credited"), max_digits=4, decimal_places=1, null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("volunteer response")
        verbose_name_plural = _("volunteer responses")
        ordering = ["pk"]
        indexes = [models.Index(fields=["guardian", "status"]), models.Index(fields=["request", "status"])]
        constraints = [models.UniqueConstraint(fields=["request", "guardian"], name="uniq_volunteer_response")]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.guardian_id}: {self.status}"


# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "VolunteerRequest.note": "the duty asked of volunteers at an activity (where to stand, what to bring), not about "
                             "a family",
}
