"""The school's structure, accounts and roles, and the logs and inbox every app uses."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from .crypto import phone_index
from .masking import mask_phone

# Free text kept in clear on purpose, with the reason (docs/sensitive-data.md); any other text about a person is a
# Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "Department.duties": "a department's duties, not about a person",
    "CommitteeMember.duties": "a committee member's role in the committee",
    "Notification.body": "written by the services, which keep encrypted text out of it (a follow-up item's notice "
                         "names its source and links to it)",
    "NotificationDelivery.detail": "a delivery's technical outcome",
}


class School(models.Model):
    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary school")
        JUNIOR = "junior", _("Junior middle school")
        SENIOR = "senior", _("Senior high school")
        NINE_YEAR = "nine_year", _("Nine-year school")

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("school type"), max_length=16, choices=Kind.choices, default=Kind.JUNIOR)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years")
    name = models.CharField(_("name"), max_length=40)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current year"), default=False)

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="uniq_year_name"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="year_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=40)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="uniq_term_name"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="term_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year.name} {self.name}"


class Grade(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="grades")
    name = models.CharField(_("name"), max_length=20)
    level = models.PositiveSmallIntegerField(_("level"), help_text=_("Year of schooling, 1-12"))

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="uniq_grade_name"),
            models.UniqueConstraint(fields=["school", "level"], name="uniq_grade_level"),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolClass(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="classes")
    name = models.CharField(_("name"), max_length=20)
    number = models.PositiveSmallIntegerField(_("number"))
    # A class is a cohort: the rollover moves it up a grade each year with its students. The year it left the top
    # grade marks it graduated: it stays readable (its students' history) but is offered nowhere, and its number
    # is free again in its grade.
    graduated_in = models.ForeignKey(
        "SchoolYear", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("graduated at the end of"),
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade__level", "number"]
        constraints = [models.UniqueConstraint(fields=["grade", "number"], condition=models.Q(graduated_in=None),
                                               name="uniq_class_number")]

    def __str__(self) -> str:
        return f"{self.grade.name}{self.name}"


class Department(models.Model):
    class Kind(models.TextChoices):
        PARTY_BRANCH = "party_branch", _("Party branch")
        MORAL_EDUCATION = "moral_education", _("Moral education office")
        ACADEMIC_AFFAIRS = "academic_affairs", _("Academic affairs office")
        GENERAL_AFFAIRS = "general_affairs", _("General affairs office")
        YOUTH_LEAGUE = "youth_league", _("Youth League and Young Pioneers")
        UNION = "union", _("Trade union")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    duties = models.TextField(_("duties"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="uniq_department_name")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A login. What it may do comes from its memberships, never from is_staff."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = EncryptedCharField(_("mobile number"), max_length=20, blank=True, null=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    elder_mode = models.BooleanField(_("elder-friendly mode"), default=False)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs):
        self.phone_index = phone_index(self.phone)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def __str__(self) -> str:
        return self.display_name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    DIRECTOR = "director", _("Committee director")
    LEADER = "leader", _("School leader")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    HEAD_TEACHER = "head_teacher", _("Head teacher")
    COUNSELLOR = "counsellor", _("Counsellor")
    FINANCE = "finance", _("Finance officer")
    ELDER = "elder", _("Elder volunteer")
    YOUNG_TEACHER = "young_teacher", _("Young teacher")
    PARENT = "parent", _("Parent")
    STUDENT = "student", _("Student")


class Membership(models.Model):
    """A role a user holds in one school, with its scope (classes, department)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    classes = models.ManyToManyField(
        SchoolClass, blank=True, related_name="memberships", verbose_name=_("classes")
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("department")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "school", "role"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.school}"


class CommitteeMember(models.Model):
    """A seat on the school's committee or its leading group (ORG-2)."""

    class Position(models.TextChoices):
        LEADER = "leader", _("Group leader")
        DEPUTY = "deputy", _("Deputy group leader")
        DIRECTOR = "director", _("Committee director")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")
        ELDER_REP = "elder_rep", _("Elders' representative")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="committee_members")
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    in_leading_group = models.BooleanField(_("in the leading group"), default=False)
    title = models.CharField(_("post or former post"), max_length=100, blank=True)
    duties = models.TextField(_("duties"), max_length=2000, blank=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    since = models.DateField(_("since"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("append-only")

    def delete(self):
        raise PermissionDenied("append-only")


class AppendOnlyModel(models.Model):
    """Rows that are written once and never changed or deleted through the application."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionDenied("append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("append-only")


class AccessLog(AppendOnlyModel):
    """Who read which sensitive data, when and from where (reads; writes go to auditlog)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed a record")
        LIST = "list", _("Listed records")
        SEARCH = "search", _("Searched records")
        EXPORT = "export", _("Exported records")
        REVEAL = "reveal", _("Revealed a field")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    field = models.CharField(_("field"), max_length=50, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["school", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type} {self.object_id}"


class Notification(models.Model):
    """An in-app message; read_at is the read receipt the sender sees."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    sender = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="sent_notifications"
    )
    batch = models.UUIDField(_("batch"), null=True, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("body"), max_length=2000, blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationDelivery(models.Model):
    """The outcome of one channel's attempt to deliver a notification outside the app."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")

    def __str__(self) -> str:
        return f"{self.channel}: {self.status}"


class ReminderSent(models.Model):
    """A reminder already sent, so a daily job never sends the same one twice (core.reminders.deliver)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    sent_on = models.DateField(default=timezone.localdate)

    class Meta:
        # the table the elders app created first: kept, with its rows, when the model moved to core
        db_table = "elders_remindersent"
        constraints = [models.UniqueConstraint(fields=["school", "key"], name="uniq_elder_reminder")]

    def __str__(self) -> str:
        return self.key


class ApiToken(models.Model):
    """A key for the API (the mini-program, scripts): kept only as its SHA-256, shown once when issued.

    It ends at `expires` (XINHUO_API_TOKEN_DAYS after issue) or after XINHUO_API_TOKEN_IDLE_DAYS unused, and is
    deleted when its user changes the password, is reset or deactivated, logs out of the site, or revokes it
    (core/tokens.py). `last_used` moves at most hourly, so authenticating stays one read (core/auth.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("key begins"), max_length=8)
    name = models.CharField(_("name"), max_length=50, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_used = models.DateTimeField(_("last used"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}…"


class DailyJobRun(models.Model):
    """A daily job queued for a day: the row is the lock that lets several app servers (each running serve) queue
    each job once a day between them. The unique constraint decides: the first insert wins, the others skip."""

    job = models.CharField(max_length=200)  # the task's dotted path (an app manifest's daily_jobs)
    day = models.DateField()
    queued_at = models.DateTimeField(default=timezone.now)
    host = models.CharField(max_length=100, blank=True)  # the server (host:pid of its serve) that queued it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="uniq_daily_job_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
