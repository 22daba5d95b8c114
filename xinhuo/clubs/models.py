"""Student clubs (社团, ACT-7): a club is founded on request and approved by the committee's leaders, guided by one
advisor (an elder or a teacher), has members (students of the school), meetings and events with attendance, and an
end-of-term showcase (成果展示) with a summary and photos. Status changes only through the services, each kept as a
ClubStep (DESIGN.md's workflow pattern)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep


class ClubStatus(models.TextChoices):
    # the choices' labels in the club's own words (context "club"): "Active" is 在岗 for an elder, 活动中 here
    REQUESTED = "requested", pgettext_lazy("club", "Waiting for approval")
    RETURNED = "returned", pgettext_lazy("club", "Returned for changes")
    REJECTED = "rejected", pgettext_lazy("club", "Rejected")
    ACTIVE = "active", pgettext_lazy("club", "Active")
    CLOSED = "closed", pgettext_lazy("club", "Closed")


# a name is taken while a club of the school is asked for, being changed or active: closed and rejected ones free it
LIVE_STATUSES = (ClubStatus.REQUESTED, ClubStatus.RETURNED, ClubStatus.ACTIVE)


class Club(models.Model):
    """A student club. Its advisor is exactly one of an elder of the school or a teacher (a user with a staff role
    in the school); the advisor runs the club's members, meetings and showcase."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    aims = models.TextField(_("aims"), max_length=2000, blank=True)
    advisor_elder = models.ForeignKey("elders.Elder", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="clubs", verbose_name=_("advisor (elder)"))
    advisor_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("advisor (teacher)"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, validators=[MinValueValidator(1)])
    schedule = models.CharField(_("usual time"), max_length=100, blank=True)
    place = models.CharField(_("usual place"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ClubStatus.choices, default=ClubStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["school", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(advisor_elder__isnull=False, advisor_user__isnull=True)
                | Q(advisor_elder__isnull=True, advisor_user__isnull=False),
                name="club_one_advisor"),
            models.UniqueConstraint(fields=["school", "name"], condition=Q(status__in=LIVE_STATUSES),
                                    name="uniq_live_club_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def advisor_name(self) -> str:
        if self.advisor_elder_id:
            return self.advisor_elder.name  # type: ignore[union-attr]
        return self.advisor_user.display_name if self.advisor_user_id else ""  # type: ignore[union-attr]


class ClubStep(WorkflowStep):
    """One step of a club's workflow (core.workflow)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=ClubStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=ClubStatus.choices)

    class Meta(WorkflowStep.Meta):
        verbose_name = _("club step")
        verbose_name_plural = _("club steps")

    def __str__(self) -> str:
        return f"{self.club_id}: {self.from_status or '-'} → {self.to_status}"


class MemberRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("club", "Member")
    LEADER = "leader", pgettext_lazy("club", "Club leader")


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("club", "Asked to join")
    ACTIVE = "active", pgettext_lazy("club", "Member")
    LEFT = "left", pgettext_lazy("club", "Left")
    DECLINED = "declined", pgettext_lazy("club", "Not accepted")


class ClubMembership(models.Model):
    """A student in a club: asked to join (a student or a parent asks, the advisor decides), a member from
    `joined_at`, until `left_at`. A student holds at most one open (asked or active) membership per club."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="club_memberships")
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices,
                              default=MembershipStatus.ACTIVE)
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("club membership")
        verbose_name_plural = _("club memberships")
        ordering = ["joined_at", "pk"]
        indexes = [models.Index(fields=["club", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["club", "student"],
                                    condition=Q(status__in=(MembershipStatus.REQUESTED, MembershipStatus.ACTIVE)),
                                    name="uniq_open_club_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.club_id}/{self.student_id}"


class MeetingKind(models.TextChoices):
    MEETING = "meeting", pgettext_lazy("club", "Club meeting")
    EVENT = "event", pgettext_lazy("club", "Event")
    SHOWCASE = "showcase", pgettext_lazy("club", "End-of-term showcase")


class ClubMeeting(models.Model):
    """A meeting or event of a club, or its end-of-term showcase (kind SHOWCASE, with a summary and photos: each
    member present there gets a growth-record entry)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    title = models.CharField(_("title"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    content = models.TextField(_("content"), max_length=4000, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    summary = models.TextField(_("summary"), max_length=10000, blank=True)
    attendance_taken_at = models.DateTimeField(_("attendance taken at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("club meeting")
        verbose_name_plural = _("club meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["club", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="club_meeting_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class ClubAttendance(models.Model):
    """Whether a member came to a meeting; one row per member on the list when the attendance was saved."""

    meeting = models.ForeignKey(ClubMeeting, on_delete=models.CASCADE, related_name="attendance")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("club attendance")
        verbose_name_plural = _("club attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "student"], name="uniq_club_attendance")]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.student_id}: {self.present}"


def club_photo_path(instance: ClubPhoto, filename: str) -> str:
    return f"clubs/{instance.meeting.club.school_id}/{instance.meeting.club_id}/{instance.meeting_id}/{filename}"


class ClubPhoto(models.Model):
    """A photo of a showcase, checked, resized and stripped of its metadata by core.uploads before it is kept;
    served only through a view that checks who may see it."""

    meeting = models.ForeignKey(ClubMeeting, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=club_photo_path)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("club photo")
        verbose_name_plural = _("club photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "Club.description": "a club's published description",
    "Club.aims": "a club's aims",
    "ClubStep.comment": "the review of a club",
    "ClubMeeting.content": "what a club did at a meeting",
    "ClubMeeting.notes": "a club meeting's notes, about the club's activity",
    "ClubMeeting.summary": "a club meeting's summary",
}
