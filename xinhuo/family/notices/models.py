"""Models of notices to families with read receipts and replies, per-child messages (FAM-4).

A notice (家校通知) goes to families: one FamilyNoticeRecipient row per student addressed (a family is a student's
guardians), which holds the family's read receipt (when, by which guardian) and its one reply (回执). A per-child
message thread (家校留言) is between a head teacher and one child's guardians; its subject and messages are
encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveCharField, SensitiveTextField
from xinhuo.core.models import Grade, School, SchoolClass
from xinhuo.people.models import Student

__all__ = [
    "FamilyMessage",
    "FamilyNotice",
    "FamilyNoticeAttachment",
    "FamilyNoticeRecipient",
    "FamilyThread",
    "NoticeAudience",
    "NoticeReplyKind",
    "NoticeStatus",
]

TITLE_MAX = 100
BODY_MAX = 5000
ANSWERS_MAX = 4000
MESSAGE_MAX = 2000


def notice_file_path(instance, filename: str) -> str:
    return f"family/notices/{instance.notice.school_id}/{instance.notice_id}/{filename}"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class NoticeAudience(models.TextChoices):
    SCHOOL = "school", _("The whole school")
    GRADES = "grades", _("Grades")
    CLASSES = "classes", _("Classes")
    FAMILIES = "families", _("Chosen families")


class NoticeReplyKind(models.TextChoices):
    NONE = "none", _("No reply")
    YES_NO = "yes_no", _("Yes or no")
    FORM = "form", _("A short form")


class FamilyNotice(models.Model):
    """A notice to families: its audience, text, files and the reply it asks for; sent by a task."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    signed = models.CharField(_("signed"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX)
    audience = models.CharField(_("audience"), max_length=10, choices=NoticeAudience.choices)
    grades = models.ManyToManyField(Grade, blank=True, related_name="+", verbose_name=_("grades"))
    classes = models.ManyToManyField(SchoolClass, blank=True, related_name="+", verbose_name=_("classes"))
    students = models.ManyToManyField(Student, blank=True, related_name="+", verbose_name=_("chosen families"))
    reply_kind = models.CharField(_("reply"), max_length=10, choices=NoticeReplyKind.choices,
                                  default=NoticeReplyKind.NONE)
    # the form's questions: [{"key": "q1", "text": "...", "kind": "choice"|"text", "options": ["...", ...]}]
    questions = models.JSONField(_("questions"), default=list, blank=True)
    reply_deadline = models.DateTimeField(_("reply deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    total = models.PositiveIntegerField(_("families"), default=0)
    done = models.PositiveIntegerField(_("families delivered"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    # set once by the delivery task that takes the notice: a second run of the task sends nothing
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notice to families")
        verbose_name_plural = _("notices to families")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def asks_reply(self) -> bool:
        return self.reply_kind != NoticeReplyKind.NONE

    @property
    def reply_closed(self) -> bool:
        return self.reply_deadline is not None and timezone.now() > self.reply_deadline

    @property
    def percent(self) -> int:
        if self.status == NoticeStatus.SENT:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class FamilyNoticeAttachment(models.Model):
    """A file or picture of a notice, checked by core.uploads."""

    notice = models.ForeignKey(FamilyNotice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=notice_file_path)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class FamilyNoticeRecipient(models.Model):
    """One family (one student's guardians) a notice went to: its read receipt and its one reply."""

    notice = models.ForeignKey(FamilyNotice, on_delete=models.CASCADE, related_name="recipients")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="+")
    accounts = models.PositiveSmallIntegerField(_("guardians with an account"), default=0)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    agree = models.BooleanField(_("answer"), null=True, blank=True)
    answers = SensitiveTextField(_("answers"), max_length=ANSWERS_MAX, blank=True)  # JSON {"q1": "..."}
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        ordering = ["school_class__grade__level", "school_class__number", "student__student_no", "pk"]
        constraints = [models.UniqueConstraint(fields=["notice", "student"], name="uniq_notice_family")]
        indexes = [models.Index(fields=["notice", "read_at"]), models.Index(fields=["notice", "replied_at"])]

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.student_id}"


class FamilyThread(models.Model):
    """A per-child message thread (家校留言) between the child's head teachers and the child's guardians."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = SensitiveCharField(_("subject"), max_length=100)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("family message thread")
        verbose_name_plural = _("family message threads")
        ordering = ["-last_at", "-id"]
        indexes = [models.Index(fields=["school", "student"])]

    def __str__(self) -> str:
        return f"#{self.pk}"


class FamilyMessage(models.Model):
    """One message of a thread; never deleted. read_at: when the other side first opened it."""

    class Side(models.TextChoices):
        SCHOOL = "school", _("School")
        FAMILY = "family", _("Family")

    thread = models.ForeignKey(FamilyThread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    body = SensitiveTextField(_("message"), max_length=MESSAGE_MAX)
    sent_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("family message")
        verbose_name_plural = _("family messages")
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["thread", "side", "read_at"])]

    def __str__(self) -> str:
        return f"#{self.pk}"


# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "FamilyNotice.body": "a notice the school sends to many families at once, about the school, not about a family",
}
