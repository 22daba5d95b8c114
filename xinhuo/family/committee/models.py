"""Models of the parent committee at school, grade and class level, its meetings and minutes; parent mutual-help
groups (FAM-3).

A committee (家长委员会) belongs to one school year and one level: the school, a grade or a class. Its members are
guardians of the school (of a child in that grade or class for those levels), each with one seat: a position, their
duties and a term; a member who leaves keeps the seat with an end date, never deleted (the record of who served).

Meetings of a committee are self-contained here (draft, then approved); they should move to governance's meeting
model when it exists. Their minutes are encrypted: parents speak at a committee about families (a child's
difficulties, a complaint about a class), which is not for the database in clear.

A mutual-help group (家长互助组) gathers families in a like situation (left-behind children, single parents): its
member list reveals that situation, so it is seen only by the committee, the coordinator and the members' head
teachers (selectors.py), and a meeting's notes are encrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveCharField, SensitiveTextField
from xinhuo.core.models import Grade, School, SchoolClass, SchoolYear
from xinhuo.people.models import Guardian, Staff

__all__ = [
    "CommitteeLevel", "CommitteeMeeting", "CommitteeMeetingStatus", "CommitteeSeat", "MutualHelpGroup",
    "MutualHelpMeeting", "MutualHelpMember", "ParentCommittee", "SeatPosition",
]

DUTIES_MAX = 300
TOPICS_MAX = 1000
MINUTES_MAX = 8000
RESOLUTIONS_MAX = 2000
PURPOSE_MAX = 1000
NOTES_MAX = 4000


class CommitteeLevel(models.TextChoices):
    SCHOOL = "school", _("School")
    GRADE = "grade", _("Grade")
    CLASS = "class", _("Class")


class SeatPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")  # 主任
    VICE_CHAIR = "vice_chair", _("Vice chair")  # 副主任
    SECRETARY = "secretary", _("Secretary")  # 秘书
    MEMBER = "member", _("Committee member")  # 委员


# positions one member at a time holds on a committee (a vice chair or a member may be several)
SINGLE_POSITIONS = (SeatPosition.CHAIR, SeatPosition.SECRETARY)


class ParentCommittee(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    level = models.CharField(_("level"), max_length=8, choices=CommitteeLevel.choices)
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("grade"))
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("class"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("parent committee")
        verbose_name_plural = _("parent committees")
        ordering = ["school_year", "level", "grade__level", "school_class__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school_year"], condition=Q(level="school"),
                                    name="family_committee_one_school"),
            models.UniqueConstraint(fields=["school_year", "grade"], condition=Q(level="grade"),
                                    name="family_committee_one_grade"),
            models.UniqueConstraint(fields=["school_year", "school_class"], condition=Q(level="class"),
                                    name="family_committee_one_class"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def title(self) -> str:
        from django.utils.translation import gettext

        if self.level == CommitteeLevel.CLASS and self.school_class_id:
            return gettext("%(place)s parent committee") % {"place": str(self.school_class)}
        if self.level == CommitteeLevel.GRADE and self.grade_id and self.grade is not None:
            return gettext("%(place)s parent committee") % {"place": self.grade.name}
        return gettext("School parent committee")


class CommitteeSeat(models.Model):
    """A guardian's seat on a committee: one a committee (while it lasts), a chair and a secretary at a time."""

    committee = models.ForeignKey(ParentCommittee, on_delete=models.CASCADE, related_name="seats")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+", verbose_name=_("guardian"))
    position = models.CharField(_("position"), max_length=12, choices=SeatPosition.choices,
                                default=SeatPosition.MEMBER)
    duties = models.CharField(_("duties"), max_length=DUTIES_MAX, blank=True)
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    end_note = SensitiveCharField(_("reason for leaving"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "ended_on", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "guardian"], condition=Q(ended_on__isnull=True),
                                    name="family_seat_one_per_guardian"),
            models.UniqueConstraint(fields=["committee", "position"],
                                    condition=Q(ended_on__isnull=True, position__in=["chair", "secretary"]),
                                    name="family_seat_single_position"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian.name} {self.get_position_display()}"

    @property
    def active(self) -> bool:
        return self.ended_on is None


class CommitteeMeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class CommitteeMeeting(models.Model):
    """A meeting of a parent committee (to move to governance's meeting model when it exists)."""

    committee = models.ForeignKey(ParentCommittee, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    attendees = models.ManyToManyField(CommitteeSeat, related_name="+", blank=True, verbose_name=_("present"))
    topics = models.TextField(_("topics"), max_length=TOPICS_MAX, blank=True)
    minutes = SensitiveTextField(_("minutes"), max_length=MINUTES_MAX, blank=True)
    resolutions = models.TextField(_("resolutions"), max_length=RESOLUTIONS_MAX, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CommitteeMeetingStatus.choices,
                              default=CommitteeMeetingStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class MutualHelpGroup(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    purpose = models.TextField(_("purpose"), max_length=PURPOSE_MAX, blank=True)
    coordinator_guardian = models.ForeignKey(Guardian, on_delete=models.SET_NULL, null=True, blank=True,
                                             related_name="+", verbose_name=_("coordinator (a parent)"))
    coordinator_staff = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                          verbose_name=_("coordinator (a staff member)"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("mutual-help group")
        verbose_name_plural = _("mutual-help groups")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="family_mutual_help_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def coordinator_name(self) -> str:
        person = self.coordinator_staff or self.coordinator_guardian
        return person.name if person else ""


class MutualHelpMember(models.Model):
    """A family (one guardian) in a mutual-help group; leaving gives an end date."""

    group = models.ForeignKey(MutualHelpGroup, on_delete=models.CASCADE, related_name="members")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+", verbose_name=_("guardian"))
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("mutual-help group member")
        verbose_name_plural = _("mutual-help group members")
        ordering = ["group", "left_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "guardian"], condition=Q(left_on__isnull=True),
                                               name="family_mutual_help_one_member")]

    def __str__(self) -> str:
        return f"{self.group} {self.guardian_id}"


class MutualHelpMeeting(models.Model):
    group = models.ForeignKey(MutualHelpGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=100)
    notes = SensitiveTextField(_("notes"), max_length=NOTES_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mutual-help meeting")
        verbose_name_plural = _("mutual-help meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "CommitteeSeat.duties": "a committee member's published duties (家校沟通, 活动组织), shown to the parents",
    "CommitteeMeeting.title": "a committee meeting's name, as announced (开学初家委会工作会议)",
    "CommitteeMeeting.place": "where a committee meets (a meeting room)",
    "CommitteeMeeting.topics": "the announced agenda of a committee meeting; what is said about a family goes into "
                               "the encrypted minutes",
    "CommitteeMeeting.resolutions": "the committee's decisions, read by its members; a family's matter is for the "
                                    "encrypted minutes",
    "MutualHelpGroup.name": "a group's name names a kind of family, not a family; its member list is what is "
                            "protected (seen by the committee, the coordinator and the members' head teachers)",
    "MutualHelpGroup.purpose": "what a group offers, the same for every member",
    "MutualHelpMeeting.topic": "a group meeting's announced theme (假期亲子沟通); the notes are encrypted",
}
