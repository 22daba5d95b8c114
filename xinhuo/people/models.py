"""Students, guardians (many-to-many through a relation) and staff."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from xinhuo.core import pinyin
from xinhuo.core.crypto import SensitiveCharField, id_card_index, normalise_id_card, phone_index
from xinhuo.core.masking import mask_phone
from xinhuo.core.models import Department, School, SchoolClass


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PersonBase(models.Model):
    """Name with the pinyin keys that search uses."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("full name"), max_length=50)
    name_pinyin = models.CharField(max_length=200, blank=True, editable=False)
    name_initials = models.CharField(max_length=50, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_keys()
        super().save(*args, **kwargs)

    def fill_keys(self) -> None:
        """Derived columns; also called before bulk_create, which skips save()."""
        self.name_pinyin = pinyin.full(self.name)
        self.name_initials = pinyin.initials(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(getattr(self, "phone", None))


class Student(PersonBase):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        TRANSFERRED = "transferred", _("Transferred out")
        GRADUATED = "graduated", _("Graduated")
        SUSPENDED = "suspended", _("Suspended")

    student_no = models.CharField(_("student number"), max_length=30)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_card = EncryptedCharField(_("ID-card number"), max_length=18, blank=True, null=True)
    id_card_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="students", verbose_name=_("class")
    )
    enrolment_date = models.DateField(_("enrolment date"), null=True, blank=True)
    address = EncryptedCharField(_("home address"), max_length=200, blank=True, null=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ENROLLED)
    # the day the student left (transferred out or graduated): the retention period runs from it (ORG-9, privacy app)
    left_on = models.DateField(_("left school on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="student"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school_class__grade__level", "school_class__number", "student_no"]
        constraints = [models.UniqueConstraint(fields=["school", "student_no"], name="uniq_student_no")]
        indexes = [models.Index(fields=["school", "name"])]

    def fill_keys(self) -> None:
        super().fill_keys()
        if self.id_card:
            self.id_card = normalise_id_card(self.id_card)
        self.id_card_index = id_card_index(self.id_card)
        # whatever path changes the status, the leaving day follows it (a given day is kept)
        if self.status in LEFT_STATUSES:
            self.left_on = self.left_on or timezone.localdate()
        else:
            self.left_on = None


# the statuses of a student who has left the school; their data is kept for XINHUO_RETENTION_YEARS after leaving
LEFT_STATUSES = (Student.Status.TRANSFERRED, Student.Status.GRADUATED)


class Guardian(PersonBase):
    phone = EncryptedCharField(_("mobile number"), max_length=20, blank=True, null=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="guardian"
    )
    students = models.ManyToManyField(  # type: ignore[var-annotated]
        Student, through="StudentGuardian", related_name="guardians"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["school", "name", "id"])]

    def fill_keys(self) -> None:
        super().fill_keys()
        self.phone_index = phone_index(self.phone)


class StudentGuardian(models.Model):
    class Relation(models.TextChoices):
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        GRANDFATHER = "grandfather", _("Grandfather")
        GRANDMOTHER = "grandmother", _("Grandmother")
        MATERNAL_GRANDFATHER = "maternal_grandfather", _("Maternal grandfather")
        MATERNAL_GRANDMOTHER = "maternal_grandmother", _("Maternal grandmother")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        OTHER = "other", _("Other guardian")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="student_links")
    relation = models.CharField(_("relation"), max_length=24, choices=Relation.choices)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    lives_with = models.BooleanField(_("lives with the student"), default=True)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="uniq_student_guardian"),
            models.UniqueConstraint(
                fields=["student"], condition=models.Q(is_primary=True), name="one_primary_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student} ({self.get_relation_display()})"


class Staff(PersonBase):
    staff_no = models.CharField(_("staff number"), max_length=30)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff",
        verbose_name=_("department"),
    )
    position = models.CharField(_("position"), max_length=50, blank=True)
    subject = models.CharField(_("subject"), max_length=30, blank=True)
    phone = EncryptedCharField(_("mobile number"), max_length=20, blank=True, null=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff"
    )
    active = models.BooleanField(_("in post"), default=True)
    # the day a staff member left the school (active is then False); their open work is handed over (issue 19)
    left_on = models.DateField(_("left school on"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["staff_no"]
        constraints = [models.UniqueConstraint(fields=["school", "staff_no"], name="uniq_staff_no")]

    def fill_keys(self) -> None:
        super().fill_keys()
        self.phone_index = phone_index(self.phone)


class ConsentPurpose(models.TextChoices):
    """What a guardian (and a student of 14 or more) agrees to, one consent per purpose."""

    SCREENING = "screening", _("Psychological screening")
    SPECIAL_GROUP = "special_group", _("Special-group record")
    PUBLICITY = "publicity", _("Photos and names in publicity")
    PARTNER_SHARING = "partner_sharing", _("Sharing with partner organisations")


class ConsentNotice(models.Model):
    """The text a consent is given to; a new version needs new consents."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="consent_notices")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), max_length=5000)
    effective_from = models.DateField(_("effective from"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("consent notice")
        verbose_name_plural = _("consent notices")
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["school", "purpose", "version"], name="uniq_notice_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Consent(models.Model):
    """One party's consent for one student and purpose; withdrawal ends it at once (kept for the record)."""

    class Party(models.TextChoices):
        GUARDIAN = "guardian", _("Guardian")
        STUDENT = "student", _("Student")

    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PAPER = "paper", _("Signed paper form")
        ONLINE = "online", _("Online")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    party = models.CharField(_("given by"), max_length=10, choices=Party.choices)
    guardian = models.ForeignKey(
        Guardian, on_delete=models.PROTECT, null=True, blank=True, related_name="consents",
        verbose_name=_("guardian"),
    )
    notice = models.ForeignKey(
        ConsentNotice, on_delete=models.PROTECT, null=True, blank=True, related_name="consents",
        verbose_name=_("notice"),
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "purpose", "party", "guardian"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_party",
            ),
            models.CheckConstraint(
                condition=models.Q(party="student", guardian__isnull=True)
                | models.Q(party="guardian", guardian__isnull=False),
                name="consent_party_matches_guardian",
            ),
        ]
        indexes = [models.Index(fields=["student", "purpose"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_purpose_display()} · {self.get_party_display()}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class RosterImport(models.Model):
    """One upload of a roster workbook: validated first, applied all-or-nothing on confirm."""

    class Status(models.TextChoices):
        INVALID = "invalid", _("Has errors")
        VALID = "valid", _("Ready to import")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    file_name = models.CharField(_("file name"), max_length=200)
    stored_path = models.CharField(max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "Staff.subject": "the subject a teacher teaches, not about a person's situation",
    "ConsentNotice.body": "the school's published notice text",
    "Consent.note": "how a consent was given (e.g. on paper), not about the child",
}


class ClassChange(models.Model):
    """One step of a student's way through the school's classes: joined, moved within a year, promoted or kept
    back by the rollover, left. Written by the services that change `Student.school_class` or the status, never
    edited: the student's class history (ORG-3) and what the old years' classes held."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined the school")
        MOVED = "moved", _("Changed class")
        PROMOTED = "promoted", _("Promoted")
        REPEATED = "repeated", _("Repeats the year")
        GRADUATED = "graduated", _("Graduated")
        LEFT = "left", _("Left the school")
        RETURNED = "returned", _("Returned")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="class_changes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    from_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("from class"))
    to_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("to class"))
    # the class names on that day ("初一1班"): a promoted class is renamed by its new grade
    from_label = models.CharField(max_length=40, blank=True)
    to_label = models.CharField(max_length=40, blank=True)
    on = models.DateField(_("date"))
    reason = SensitiveCharField(_("reason"), max_length=200, blank=True)  # a transfer's reason may be the family's
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    rollover = models.UUIDField(null=True, blank=True, db_index=True)  # the rollover run that wrote it (its undo)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("class change")
        verbose_name_plural = _("class changes")
        ordering = ["student", "on", "pk"]
        indexes = [models.Index(fields=["school", "on"])]

    def __str__(self) -> str:
        return f"{self.student_id} {self.kind} {self.on}"
