"""Meetings of the committee (GOV-1): 例会, 领导小组会议, 联席会议, 五老座谈会, 家长委员会会议 and the student forums.

A meeting is planned with an agenda, circulated to its invitees (each replies), held (attendance taken on the day),
and closed by its minutes and resolutions, which the chair approves; approved minutes are filed in the archive.
Action items carry an owner and a due date to closure (a closing note is required). A series (每月第一个周三)
creates the next meeting of its kind when one is held. The student forums (care.Forum) and the joint meetings with
partners (community.JointMeeting) keep their own records and are linked from the meeting that stands for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep

__all__ = ["ActionItem", "ActionStatus", "Attendance", "Invitation", "Meeting", "MeetingKind", "MeetingSeries",
           "MeetingStatus", "MeetingStep", "Reply"]

AGENDA_MAX = 4000
MINUTES_MAX = 20000


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Committee regular meeting")  # 关工委例会
    LEADING_GROUP = "leading", _("Leading group meeting")  # 领导小组会议
    JOINT = "joint", _("Joint meeting")  # 联席会议 (community partners)
    ELDERS = "elders", _("Elders' forum")  # 五老座谈会
    PARENTS = "parents", _("Parents' committee meeting")  # 家长委员会会议
    STUDENTS = "students", _("Student forum")  # 学生代表座谈会 (care.Forum)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # agenda being prepared
    CIRCULATED = "circulated", _("Agenda circulated")  # invitations out, replies coming in
    HELD = "held", _("Held")  # attendance taken; minutes being written
    MINUTES_SUBMITTED = "submitted", _("Minutes submitted")  # waiting for the chair's approval
    CLOSED = "closed", _("Minutes approved")  # filed in the archive
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class MeetingSeries(models.Model):
    """A recurring schedule: the `nth` `weekday` of every month (1st Wednesday: nth=1, weekday=2; nth=-1: the last)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=100)
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 Monday … 6 Sunday
    nth = models.SmallIntegerField(_("week of the month"), default=1)  # 1–4, or -1 for the last
    time = models.TimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("chair"))
    invitees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                      verbose_name=_("invitees"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("chair"))
    recorder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("minute taker"))
    agenda = models.TextField(_("agenda"), max_length=AGENDA_MAX, blank=True, help_text=_("One item per line"))
    minutes = models.TextField(_("minutes"), max_length=MINUTES_MAX, blank=True)
    resolutions = models.TextField(_("resolutions"), max_length=4000, blank=True, help_text=_("One per line"))
    absent_note = models.CharField(_("others present or absent"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    series = models.ForeignKey(MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="meetings", verbose_name=_("series"))
    # the record another app keeps of the same meeting (shown and linked, never copied)
    forum = models.OneToOneField("care.Forum", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("student forum"))
    joint_meeting = models.OneToOneField("community.JointMeeting", on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+", verbose_name=_("joint meeting record"))
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["school", "starts_at"]), models.Index(fields=["school", "status"])]
        constraints = [models.UniqueConstraint(fields=["series", "starts_at"], name="uniq_meeting_in_series")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} {self.title}"


class MeetingStep(WorkflowStep):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=MeetingStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=MeetingStatus.choices)

    class Meta(WorkflowStep.Meta):
        verbose_name = _("meeting step")
        verbose_name_plural = _("meeting steps")


class Reply(models.TextChoices):
    PENDING = "pending", _("No reply yet")
    YES = "yes", _("Will attend")
    NO = "no", _("Cannot attend")
    MAYBE = "maybe", _("Not sure")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Not taken")
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Invitation(models.Model):
    """One invitee of a meeting: their reply to the invitation and their attendance on the day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("invitee"))
    reply = models.CharField(_("reply"), max_length=8, choices=Reply.choices, default=Reply.PENDING)
    reply_note = models.CharField(_("note"), max_length=200, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, blank=True,
                                  default=Attendance.UNKNOWN)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="uniq_meeting_invitee")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.user_id} {self.reply}"


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item", "Open")
    DONE = "done", pgettext_lazy("action item", "Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(models.Model):
    """A decision to act (决议事项): who, by when, tracked to closure with a closing note; may serve a plan task."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due on"))
    plan_task = models.ForeignKey("plans.PlanTask", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("plan task"))
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closing_note = models.TextField(_("closing note"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    reminded_on = models.DateField(null=True, blank=True)  # the last overdue reminder, so one a day at most
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["school", "status", "due_on"]), models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title


PLAIN_TEXT: dict[str, str] = {
    "MeetingSeries.title": "a meeting series' name (关工委月例会)",
    "MeetingSeries.place": "a meeting room",
    "Meeting.title": "a meeting's title",
    "Meeting.place": "a meeting room",
    "Meeting.agenda": "the committee's agenda, circulated to members; about the work, not about a student",
    "Meeting.minutes": "the committee's minutes, filed in the archive; the committee writes no student's case here",
    "Meeting.resolutions": "the committee's resolutions",
    "Meeting.absent_note": "who else was present or away (names of staff and guests)",
    "Invitation.reply_note": "an invitee's note to the organiser (会后补看纪要)",
    "ActionItem.title": "a task decided by the committee",
    "ActionItem.closing_note": "how the task was done",
    "MeetingStep.comment": "the chair's comment on a step",
}
