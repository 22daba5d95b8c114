"""Students, guardians (many-to-many through a relation) and staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from xinhuo.core import pinyin
from xinhuo.core.crypto import id_card_index, normalise_id_card, phone_index
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

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["staff_no"]
        constraints = [models.UniqueConstraint(fields=["school", "staff_no"], name="uniq_staff_no")]

    def fill_keys(self) -> None:
        super().fill_keys()
        self.phone_index = phone_index(self.phone)
