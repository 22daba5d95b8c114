"""The elders (五老) and the committee's own team: the registry, roles held, inspections, training,
care for the elders, recognition, service hours and the young teacher reserve (ELD-1..6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from xinhuo.core.crypto import SensitiveTextField, phone_index
from xinhuo.core.models import School
from xinhuo.core.validators import TEXT_MAX
from xinhuo.people.models import Gender, PersonBase, Staff


class CodeListField(models.CharField):
    """A short list of choice codes, stored as ",a,b," so that `field__contains=",a,"` finds
    the rows holding code a on SQLite and PostgreSQL alike (JSON containment is not portable)."""

    _pyi_private_set_type: list[str] | str  # type: ignore[assignment]  # django-stubs: a list in, a list out
    _pyi_private_get_type: list[str]  # type: ignore[assignment]

    def __init__(self, *args, codes=None, **kwargs):
        self.codes = codes
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("codes", None)
        return name, path, args, kwargs

    @staticmethod
    def _split(value: str) -> list[str]:
        return [c for c in value.split(",") if c]

    def from_db_value(self, value, expression, connection):
        return [] if value is None else self._split(value)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [] if not value else self._split(value)

    def get_prep_value(self, value):
        if isinstance(value, list | tuple):
            return "," + ",".join(value) + "," if value else ""
        return value  # a lookup value such as ",law," passes through

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, form_class=None, choices_form_class=None, **kwargs):
        return None  # forms use MultipleChoiceField with the codes' choices


class Specialty(models.TextChoices):
    PARTY_HISTORY = "party_history", _("Party history talks")
    COUNSELLING = "counselling", _("Psychological support")
    TUTORING = "tutoring", _("Academic tutoring")
    CALLIGRAPHY = "calligraphy", _("Calligraphy and painting")
    SCIENCE = "science", _("Science and technology")
    LAW = "law", _("Law and rule of law")
    ARTS = "arts", _("Arts and sports")
    SCHOOL_HISTORY = "school_history", _("School history")
    FAMILY_EDUCATION = "family_education", _("Family education")
    HEALTH = "health", _("Health care")
    CAREER = "career", _("Career guidance")


class ElderRole(models.TextChoices):
    """The roles an elder holds for the committee (ELD-2)."""

    OUTSIDE_COUNSELLOR = "outside_counsellor", _("Outside-school counsellor")
    HISTORY_SPEAKER = "history_speaker", _("History speaker")
    MORAL_MENTOR = "moral_mentor", _("Moral-education mentor")
    HEART_MENTOR = "heart_mentor", _("Heart mentor")
    INSPECTOR = "inspector", _("Volunteer inspector")
    CLUB_ADVISOR = "club_advisor", _("Club advisor")
    SCHOOL_HISTORY = "school_history", _("School history curator")


# Which specialties serve a role; matching counts them as relevant.
ROLE_SPECIALTIES: dict[str, frozenset[str]] = {
    ElderRole.OUTSIDE_COUNSELLOR: frozenset({Specialty.SCIENCE, Specialty.LAW, Specialty.ARTS, Specialty.CAREER,
                                             Specialty.HEALTH}),
    ElderRole.HISTORY_SPEAKER: frozenset({Specialty.PARTY_HISTORY}),
    ElderRole.MORAL_MENTOR: frozenset({Specialty.PARTY_HISTORY, Specialty.LAW, Specialty.FAMILY_EDUCATION,
                                       Specialty.TUTORING}),
    ElderRole.HEART_MENTOR: frozenset({Specialty.COUNSELLING, Specialty.FAMILY_EDUCATION}),
    ElderRole.INSPECTOR: frozenset({Specialty.LAW, Specialty.HEALTH}),
    ElderRole.CLUB_ADVISOR: frozenset({Specialty.CALLIGRAPHY, Specialty.SCIENCE, Specialty.ARTS}),
    ElderRole.SCHOOL_HISTORY: frozenset({Specialty.SCHOOL_HISTORY, Specialty.CALLIGRAPHY}),
}


class Weekday(models.IntegerChoices):
    MON = 0, _("Monday")
    TUE = 1, _("Tuesday")
    WED = 2, _("Wednesday")
    THU = 3, _("Thursday")
    FRI = 4, _("Friday")
    SAT = 5, _("Saturday")
    SUN = 6, _("Sunday")


class Elder(PersonBase):
    class Category(models.TextChoices):
        CADRE = "cadre", _("Retired cadre")
        VETERAN = "veteran", _("Veteran")
        EXPERT = "expert", _("Retired expert")
        TEACHER = "teacher", _("Retired teacher")
        MODEL_WORKER = "model_worker", _("Model worker")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    class Political(models.TextChoices):
        PARTY_MEMBER = "party_member", _("CPC member")
        DEMOCRATIC_PARTY = "democratic_party", _("Democratic party member")
        MASSES = "masses", _("No party affiliation")

    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    former_work = models.CharField(_("former work"), max_length=100, blank=True)
    political_status = models.CharField(_("political status"), max_length=20, choices=Political.choices,
                                        blank=True)
    specialties = CodeListField(_("specialties"), codes=Specialty)
    willingness = CodeListField(_("willing to serve as"), codes=ElderRole)
    phone = EncryptedCharField(_("mobile number"), max_length=20, blank=True, null=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Restricted to the committee leaders (rules.can_see_health).
    health_notes = EncryptedTextField(_("health notes"), max_length=2000, blank=True, null=True)
    last_health_check = models.DateField(_("last health check"), null=True, blank=True)
    max_load = models.PositiveSmallIntegerField(
        _("most tasks at once"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="elder"
    )

    class Meta:
        verbose_name = _("elder")
        verbose_name_plural = _("elders")
        ordering = ["name", "id"]

    def fill_keys(self) -> None:
        super().fill_keys()
        self.phone_index = phone_index(self.phone)

    def specialty_labels(self) -> list[str]:
        return [str(Specialty(c).label) for c in self.specialties if c in Specialty.values]

    def willingness_labels(self) -> list[str]:
        return [str(ElderRole(c).label) for c in self.willingness if c in ElderRole.values]

    def age(self, on: dt.date | None = None) -> int | None:
        if not self.birth_date:
            return None
        on = on or timezone.localdate()
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


class Availability(models.Model):
    """A weekly slot when the elder can serve; slots of one elder never overlap."""

    elder = models.ForeignKey(Elder, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["weekday", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="availability_order")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class Assignment(models.Model):
    """A role held by an elder for a need: a task, an activity, a student, a club (ELD-2)."""

    class NeedKind(models.TextChoices):
        TASK = "task", _("Task")
        ACTIVITY = "activity", _("Activity")
        STUDENT = "student", _("Student to mentor")
        CLUB = "club", _("Club")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(Elder, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=30, choices=ElderRole.choices)
    need_kind = models.CharField(_("kind of need"), max_length=10, choices=NeedKind.choices, default=NeedKind.TASK)
    need = models.CharField(_("need"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    start_on = models.DateField(_("from"), default=timezone.localdate)
    end_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    note = SensitiveTextField(_("note"), max_length=TEXT_MAX, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["elder", "role", "need"], condition=Q(status="active"),
                                    name="uniq_active_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.elder} · {self.get_role_display()} · {self.need}"


class ServiceRecord(models.Model):
    """Hours of service; activities and mentoring credit them with a `source_ref` so a
    second credit for the same thing is refused rather than counted twice."""

    class Source(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        MENTORING = "mentoring", _("Mentoring")
        ASSIGNMENT = "assignment", _("Assignment")
        TRAINING = "training", _("Training")
        INSPECTION = "inspection", _("Inspection")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(Elder, on_delete=models.CASCADE, related_name="service_records")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))])
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_ref = models.CharField(max_length=60, blank=True)
    description = models.CharField(_("what was done"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["elder", "source_ref"], condition=~Q(source_ref=""),
                                    name="uniq_service_source"),
        ]

    def __str__(self) -> str:
        return f"{self.elder} · {self.date} · {self.hours}"


class Inspection(models.Model):
    """A volunteer inspector's report, followed up by the committee to closure (ELD-2)."""

    class Kind(models.TextChoices):
        INTERNET_CAFE = "internet_cafe", _("Internet café")
        SURROUNDINGS = "surroundings", _("School surroundings")
        FOOD_SAFETY = "food_safety", _("Food safety")

    class Severity(models.TextChoices):
        LOW = "low", _("Minor")
        MEDIUM = "medium", _("Serious")
        HIGH = "high", _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Reported")
        FOLLOWING = "following", _("Being followed up")
        CLOSED = "closed", _("Closed")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    inspector = models.ForeignKey(Elder, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    place = models.CharField(_("place"), max_length=200)
    date = models.DateField(_("date"))
    findings = models.TextField(_("findings"), max_length=TEXT_MAX)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.LOW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("inspection report")
        verbose_name_plural = _("inspection reports")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.place} · {self.date}"


def inspection_photo_path(instance: InspectionPhoto, filename: str) -> str:
    return f"inspections/{instance.inspection.school_id}/{instance.inspection_id}/{filename}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=inspection_photo_path)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.image.name


class InspectionStep(models.Model):
    """One step of the follow-up: who moved the report to which status, when, with what comment."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=10, choices=Inspection.Status.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.at:%Y-%m-%d}"


class TrainingSession(models.Model):
    """Study (学习交流), induction for a role (岗前培训), rotation training (轮训) (ELD-3)."""

    class Kind(models.TextChoices):
        STUDY = "study", _("Study and exchange")
        INDUCTION = "induction", _("Induction")
        ROTATION = "rotation", _("Rotation training")
        EXTERNAL = "external", _("External training")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    role = models.CharField(_("for the role"), max_length=30, choices=ElderRole.choices, blank=True,
                            help_text=_("Induction: the role it prepares for."))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    speaker = models.CharField(_("speaker"), max_length=50, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=Decimal("2"))
    materials = models.TextField(_("materials"), max_length=10000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


def training_file_path(instance: TrainingMaterial, filename: str) -> str:
    return f"training/{instance.session.school_id}/{instance.session_id}/{filename}"


class TrainingMaterial(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=100)
    file = models.FileField(_("file"), upload_to=training_file_path)

    def __str__(self) -> str:
        return self.title


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    elder = models.ForeignKey(Elder, on_delete=models.CASCADE, related_name="trainings")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "elder"], name="uniq_training_attendance")]

    def __str__(self) -> str:
        return f"{self.session} · {self.elder}"


class YoungTeacher(models.Model):
    """A young teacher in the committee's reserve (青年教师储备库, ELD-6)."""

    class Stage(models.TextChoices):
        LEARNING = "learning", _("Learning")
        PRACTISING = "practising", _("Practising")
        ORGANISING = "organising", _("Organising on their own")
        BACKBONE = "backbone", _("Backbone")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    staff = models.OneToOneField(Staff, on_delete=models.CASCADE, related_name="young_teacher",
                                 verbose_name=_("teacher"))
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    stage = models.CharField(_("roadmap stage"), max_length=12, choices=Stage.choices, default=Stage.LEARNING)
    goals = models.TextField(_("growth goals"), max_length=2000, blank=True)
    active = models.BooleanField(_("in the reserve"), default=True)

    class Meta:
        verbose_name = _("young teacher")
        verbose_name_plural = _("young teachers")
        ordering = ["-active", "staff__name", "id"]

    def __str__(self) -> str:
        return self.staff.name


class StageStep(models.Model):
    """The roadmap as lived: when each stage was reached, and by whose judgement."""

    young_teacher = models.ForeignKey(YoungTeacher, on_delete=models.CASCADE, related_name="stage_steps")
    stage = models.CharField(_("roadmap stage"), max_length=12, choices=YoungTeacher.Stage.choices)
    reached_on = models.DateField(_("reached on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["reached_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.reached_on}"


class Participation(models.Model):
    """What a young teacher did in the committee's work; exported for the annual appraisal."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Organised or joined an activity")
        TRAINING = "training", _("Training")
        MENTORING = "mentoring", _("Mentoring")
        RESEARCH = "research", _("Research project")
        CLASS_MEETING = "class_meeting", _("Theme class meeting")
        OTHER = "other", _("Other")

    young_teacher = models.ForeignKey(YoungTeacher, on_delete=models.CASCADE, related_name="participations")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    description = models.CharField(_("what was done"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=Decimal("0"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"


class ResearchProject(models.Model):
    """A research project (课题) of young teachers with elders as advisors."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        CONCLUDED = "concluded", _("Concluded")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    leader = models.ForeignKey(YoungTeacher, on_delete=models.PROTECT, related_name="led_projects",
                               verbose_name=_("leader"))
    members = models.ManyToManyField(YoungTeacher, blank=True, related_name="projects", verbose_name=_("members"))
    advisors = models.ManyToManyField(Elder, blank=True, related_name="advised_projects", verbose_name=_("advisors"))
    level = models.CharField(_("level"), max_length=30, blank=True)
    started_on = models.DateField(_("started on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    outcomes = models.TextField(_("outcomes"), max_length=TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ApprenticeshipPair(models.Model):
    """An elder mentoring a new elder (传帮带) or a young teacher (青年导师制)."""

    class Kind(models.TextChoices):
        NEW_ELDER = "new_elder", _("Senior elder and new elder")
        YOUNG_TEACHER = "young_teacher", _("Elder and young teacher")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    mentor = models.ForeignKey(Elder, on_delete=models.PROTECT, related_name="apprenticeships",
                               verbose_name=_("mentor"))
    mentee_elder = models.ForeignKey(Elder, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("new elder"))
    mentee_teacher = models.ForeignKey(YoungTeacher, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="apprenticeships", verbose_name=_("young teacher"))
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    goals = models.TextField(_("goals"), max_length=2000, blank=True)
    contact_every_days = models.PositiveSmallIntegerField(
        _("contact every (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    summary = models.TextField(_("summary"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("apprenticeship pair")
        verbose_name_plural = _("apprenticeship pairs")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="new_elder", mentee_elder__isnull=False, mentee_teacher__isnull=True)
                           | Q(kind="young_teacher", mentee_teacher__isnull=False, mentee_elder__isnull=True)),
                name="mentorship_one_mentee",
            ),
            models.UniqueConstraint(fields=["mentor", "mentee_elder"],
                                    condition=Q(ended_on__isnull=True, mentee_elder__isnull=False),
                                    name="uniq_active_elder_pair"),
            models.UniqueConstraint(fields=["mentor", "mentee_teacher"],
                                    condition=Q(ended_on__isnull=True, mentee_teacher__isnull=False),
                                    name="uniq_active_teacher_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee_name}"

    @property
    def mentee_name(self) -> str:
        if self.mentee_elder_id:
            return self.mentee_elder.name  # type: ignore[union-attr]
        return self.mentee_teacher.staff.name  # type: ignore[union-attr]


class ApprenticeshipContact(models.Model):
    class Way(models.TextChoices):
        MEETING = "meeting", _("Met in person")
        PHONE = "phone", _("Phone")
        WECHAT = "wechat", _("WeChat")
        VISIT = "visit", _("Visit")

    apprenticeship = models.ForeignKey(ApprenticeshipPair, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("date"), default=timezone.localdate)
    way = models.CharField(_("way"), max_length=10, choices=Way.choices)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_way_display()}"


class CareVisit(models.Model):
    """The committee visiting an elder (走访慰问, ELD-4): planned, then done with notes."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        HOLIDAY = "holiday", _("Holiday greetings")
        ILLNESS = "illness", _("Visit when ill")
        BIRTHDAY = "birthday", _("Birthday")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(Elder, on_delete=models.CASCADE, related_name="care_visits")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VISIT)
    planned_on = models.DateField(_("planned for"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    visitors = models.CharField(_("visitors"), max_length=200, blank=True)
    notes = SensitiveTextField(_("notes"), max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.elder} · {self.get_kind_display()} · {self.planned_on}"


class RecreationEvent(models.Model):
    """Recreation for the elders: chess, singing, a calligraphy show, a health talk."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX, blank=True)
    participants = models.ManyToManyField(Elder, blank=True, related_name="recreation_events",
                                          verbose_name=_("participants"))

    class Meta:
        verbose_name = _("recreation event")
        verbose_name_plural = _("recreation events")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class Award(models.Model):
    """An award to an elder (ELD-5), with a printable certificate and a place on the honour wall."""

    class Level(models.TextChoices):
        SCHOOL = "school", _("School")
        COUNTY = "county", _("County")
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")
        NATIONAL = "national", _("National")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(Elder, on_delete=models.CASCADE, related_name="awards")
    title = models.CharField(_("title"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.SCHOOL)
    awarded_on = models.DateField(_("awarded on"))
    issuer = models.CharField(_("issued by"), max_length=100)
    citation = models.TextField(_("citation"), max_length=300, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=30)
    on_wall = models.BooleanField(_("on the honour wall"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-awarded_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["school", "certificate_no"], name="uniq_certificate_no")]

    def __str__(self) -> str:
        return f"{self.elder} · {self.title}"


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "Assignment.need": "names the task or activity an elder is given; an active assignment is unique by "
                       "it (an equality constraint ciphertext cannot serve); the situation of a student "
                       "goes into the encrypted note",
    "ServiceRecord.description": "what an elder did (hours of service), not about a child",
    "Inspection.findings": "a school inspection's findings about premises and work, searched on the "
                           "inspections page",
    "InspectionStep.comment": "the review of an inspection report",
    "TrainingSession.topic": "a training session's topic, searched",
    "TrainingSession.materials": "training materials, searched",
    "YoungTeacher.goals": "a young teacher's professional goals, not about a child or family",
    "StageStep.note": "a young teacher's stage reached",
    "Participation.description": "what a young teacher took part in",
    "ResearchProject.outcomes": "papers, lessons and awards of a research project",
    "ApprenticeshipPair.goals": "a teacher apprenticeship's professional goals",
    "ApprenticeshipPair.summary": "a teacher apprenticeship's summary",
    "ApprenticeshipContact.topic": "a teacher apprenticeship contact's topic",
    "RecreationEvent.notes": "an event for the elders as a group (chess, singing), not one person's situation",
    "Award.citation": "printed on a certificate and shown publicly",
}
