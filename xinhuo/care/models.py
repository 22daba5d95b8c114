"""Care for students (STU-1,2,3,5, MEN-1..4, FAM-2): special groups and tags, support measures, growth mentors and
mentoring pairs, home visits and forums with their follow-up items, the study help desk, the growth record."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedTextField

from xinhuo.core.crypto import SensitiveCharField, SensitiveTextField
from xinhuo.core.models import School
from xinhuo.elders.models import CodeListField, Specialty
from xinhuo.people.models import Student


class SpecialGroup(models.Model):
    """A special group of the school (configurable; six defaults, see groups.services.special_groups_for)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    review_months = models.PositiveSmallIntegerField(
        _("review after (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)])
    # the home-visit interval for students in this group (used by the home-visit plan)
    visit_every_days = models.PositiveSmallIntegerField(
        _("home visit every (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)])
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("special group")
        verbose_name_plural = _("special groups")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="uniq_special_group_code")]

    def __str__(self) -> str:
        return self.name


class TagSource(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    HEAD_TEACHER = "head_teacher", _("Head teacher's report")
    SCREENING = "screening", _("Psychological screening")
    PARENT_REQUEST = "parent_request", _("Parent's request")


class TagStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    SUPPORTED = "supported", _("Being supported")
    IMPROVING = "improving", _("Improving")
    CLOSED = "closed", _("Case closed")


class StudentTag(models.Model):
    """A student's membership of a special group: sensitive, seen only by the committee, counsellors and the
    student's head teacher (rules.py). At most one open tag per student and group."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="special_tags")
    group = models.ForeignKey(SpecialGroup, on_delete=models.PROTECT, related_name="tags")
    source = models.CharField(_("source"), max_length=16, choices=TagSource.choices)
    identified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                      related_name="+")
    identified_on = models.DateField(_("identified on"))
    review_on = models.DateField(_("review on"))
    status = models.CharField(_("status"), max_length=12, choices=TagStatus.choices, default=TagStatus.IDENTIFIED)
    note = EncryptedTextField(_("note"), max_length=4000, blank=True, null=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("special-group tag")
        verbose_name_plural = _("special-group tags")
        ordering = ["review_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["student", "group"], condition=~Q(status=TagStatus.CLOSED),
                                    name="uniq_open_student_tag"),
        ]
        indexes = [models.Index(fields=["school", "status", "review_on"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.group}"

    @property
    def is_open(self) -> bool:
        return self.status != TagStatus.CLOSED

    def is_expired(self, on=None) -> bool:
        return self.is_open and self.review_on < (on or timezone.localdate())


class TagStatusChange(models.Model):
    """One step of a tag's history: identification, each status change and each renewal."""

    tag = models.ForeignKey(StudentTag, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from status"), max_length=12, choices=TagStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=TagStatus.choices)
    review_on = models.DateField(_("review on"))
    comment = SensitiveTextField(_("comment"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tag status change")
        verbose_name_plural = _("tag status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.tag_id}: {self.from_status or '-'} → {self.to_status}"


# --- support measures (帮扶, STU-3) ------------------------------------------------------------------------------


class SupportKind(models.TextChoices):
    MATERIAL = "material", _("Material")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    ACADEMIC = "academic", _("Academic")
    EMOTIONAL = "emotional", _("Emotional")
    LEGAL = "legal", _("Legal protection")


class SupportMeasure(models.Model):
    """One support measure given to a student: date, who, what and outcome. The internal note never reaches the
    family; the rest shows on the growth record as support received."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="support_measures")
    kind = models.CharField(_("kind"), max_length=16, choices=SupportKind.choices)
    given_on = models.DateField(_("date"))
    provider = models.CharField(pgettext_lazy("support measure", "given by"), max_length=100)
    what = SensitiveTextField(_("what was done"), max_length=2000)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True)
    outcome = SensitiveTextField(_("outcome"), max_length=2000, blank=True)
    internal_note = EncryptedTextField(_("internal note"), max_length=4000, blank=True, null=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("support measure")
        verbose_name_plural = _("support measures")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["school", "given_on"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_kind_display()} · {self.given_on}"


# --- mentoring pairs (结对帮扶, 成长导师, MEN-1..4) ----------------------------------------------------------------


class Need(models.TextChoices):
    """What a mentored student needs; matching compares them with the mentor's specialties (NEED_SPECIALTIES)."""

    ACADEMIC = "academic", _("Study")
    EMOTIONAL = "emotional", _("Emotional support")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    BEHAVIOUR = "behaviour", _("Behaviour and habits")
    FAMILY = "family", _("Family education")
    CAREER = "career", _("Career and further study")
    HEALTH = "health", _("Health")
    INTERESTS = "interests", _("Interests and talents")


# need -> the elders' specialty codes that serve it (xinhuo.elders.models.Specialty)
NEED_SPECIALTIES: dict[str, frozenset[str]] = {
    Need.ACADEMIC: frozenset({"tutoring"}),
    Need.EMOTIONAL: frozenset({"counselling", "family_education"}),
    Need.PSYCHOLOGICAL: frozenset({"counselling"}),
    Need.BEHAVIOUR: frozenset({"law", "party_history", "family_education"}),
    Need.FAMILY: frozenset({"family_education"}),
    Need.CAREER: frozenset({"career", "science"}),
    Need.HEALTH: frozenset({"health"}),
    Need.INTERESTS: frozenset({"calligraphy", "arts", "science"}),
}


class MentorKind(models.TextChoices):
    ELDER = "elder", _("Elder")
    TEACHER = "teacher", _("Teacher")
    PEER = "peer", _("Peer student")
    VOLUNTEER = "volunteer", _("Social volunteer")


class Mentor(models.Model):
    """A growth mentor (成长导师): an elder, a teacher, a peer student or a social volunteer. Exactly one of elder,
    staff and peer is set for the first three kinds; a volunteer has a name and phone only."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=MentorKind.choices)
    elder = models.ForeignKey("elders.Elder", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    staff = models.ForeignKey("people.Staff", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    peer = models.ForeignKey(Student, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    phone = EncryptedTextField(_("phone"), max_length=20, blank=True, null=True)
    specialties = CodeListField(_("specialties"), codes=Specialty)
    max_mentees = models.PositiveSmallIntegerField(
        _("at most mentees"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)])
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("growth mentor")
        verbose_name_plural = _("growth mentors")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "elder"], condition=Q(elder__isnull=False),
                                    name="uniq_mentor_elder"),
            models.UniqueConstraint(fields=["school", "staff"], condition=Q(staff__isnull=False),
                                    name="uniq_mentor_staff"),
            models.UniqueConstraint(fields=["school", "peer"], condition=Q(peer__isnull=False),
                                    name="uniq_mentor_peer"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def user_id(self) -> int | None:
        """The account the mentor logs in with (a volunteer has none: the committee logs their contacts)."""
        person = self.elder or self.staff or self.peer
        return getattr(person, "user_id", None) if person else None


class MentoringPair(models.Model):
    """A mentoring pair (结对帮扶): one mentor, one student; a student may have several mentors (many-to-one)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="pairs")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="mentoring_pairs")
    needs = CodeListField(_("needs"), codes=Need)
    contact_plan = models.TextField(_("contact plan"), max_length=1000, blank=True)
    contact_every_days = models.PositiveSmallIntegerField(
        _("contact every (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)])
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    summary = SensitiveTextField(_("summary"), max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "student"], condition=Q(ended_on__isnull=True),
                                    name="uniq_open_mentoring_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.student}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class ContactWay(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    MESSAGE = "message", _("Message")
    HOME = "home", _("At home")


class MentoringContact(models.Model):
    """One contact of a mentoring pair, logged in a few taps by the mentor (or the committee for a volunteer)."""

    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date"))
    way = models.CharField(_("way"), max_length=10, choices=ContactWay.choices)
    topic = SensitiveCharField(_("topic"), max_length=200)
    next_step = SensitiveCharField(_("next step"), max_length=200, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mentoring contact")
        verbose_name_plural = _("mentoring contacts")
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pair_id} · {self.contacted_on}"


# --- home visits (家访, FAM-2) and student forums (座谈会, STU-5) -------------------------------------------------


class VisitWay(models.TextChoices):
    HOME = "home", _("Home visit in person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")


class VisitorKind(models.TextChoices):
    HEAD_TEACHER = "head_teacher", _("Head teacher")
    SUBJECT_TEACHER = "subject_teacher", _("Subject teacher")
    LEADER = "leader", _("School leader")
    ELDER = "elder", _("Elder")


class HomeVisit(models.Model):
    """A home visit (家访). Notes are sensitive (encrypted; each view is logged); findings are what the school
    needs to act on, with follow-up items tracked to closure."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="home_visits")
    visited_on = models.DateField(_("visited on"))
    way = models.CharField(_("way"), max_length=8, choices=VisitWay.choices)
    visitor_kinds = CodeListField(_("home visitors"), codes=VisitorKind)
    visitors = models.CharField(_("visitors' names"), max_length=200)
    notes = EncryptedTextField(_("notes"), max_length=4000, blank=True, null=True)
    findings = SensitiveTextField(_("findings"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["student", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.visited_on}"


class VisitDue(models.Model):
    """When a student is next due for a home visit, kept so that the home-visit plan and the overview are an
    indexed query instead of the whole school's plan built in Python (issue 21). A row exists for every student
    with a home visit or a special-group tag (a student with neither is never visited and untagged: due today);
    visits.due keeps it on every save of a visit, tag or group and recomputes what went stale, see there."""

    # no reverse accessor: auditlog diffs every field of a Student, a reverse one-to-one included (one query each)
    student = models.OneToOneField(Student, on_delete=models.CASCADE, primary_key=True, related_name="+",
                                   related_query_name="visit_due")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    last_visit = models.DateField(null=True)
    # the tier: the group whose interval applies (None: the school default, `interval` being that default then)
    group = models.ForeignKey(SpecialGroup, on_delete=models.SET_NULL, null=True, related_name="+")
    interval = models.PositiveSmallIntegerField()
    next_due = models.DateField(null=True)  # last_visit + interval; None when never visited
    # the first day the tier may differ: the day after the earliest review date of the tags in effect
    stale_from = models.DateField(null=True)
    computed_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["school", "next_due"]), models.Index(fields=["school", "stale_from"])]

    def __str__(self) -> str:
        return f"{self.student_id} · {self.next_due}"


class Forum(models.Model):
    """A student representatives' forum (学生代表座谈会): who came, the minutes, and follow-up items."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=100, blank=True)
    participants = models.ManyToManyField(Student, blank=True, related_name="+", verbose_name=_("student participants"))
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), max_length=10000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up item", "Open")
    CLOSED = "closed", _("Closed")


class FollowUp(models.Model):
    """A follow-up item from a home visit or a forum, tracked to closure (closing needs an outcome)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    home_visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="follow_ups")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    text = SensitiveCharField(_("follow-up item"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    outcome = SensitiveTextField(_("outcome"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["school", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(home_visit__isnull=False, forum__isnull=True)
                           | Q(home_visit__isnull=True, forum__isnull=False)),
                name="follow_up_one_source"),
        ]

    def __str__(self) -> str:
        return self.text


# --- study help desk (学业辅导站) and career guidance (生涯规划), STU-3 --------------------------------------------


class ProgramKind(models.TextChoices):
    PEER_TUTORING = "peer_tutoring", _("Peer tutoring")
    TEACHER_CLASS = "teacher_class", _("Retired teachers' class")
    WORKSHOP = "workshop", _("Study-skills workshop")
    CAREER_TALK = "career_talk", _("Career talk")
    JOB_SHADOWING = "job_shadowing", _("Job shadowing")


class StudyProgram(models.Model):
    """A programme of the study help desk or of career guidance; students sign up, sessions record attendance."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ProgramKind.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    tutor = models.ForeignKey(Mentor, on_delete=models.SET_NULL, null=True, blank=True, related_name="programs",
                              verbose_name=_("tutor"))
    host = models.CharField(_("host"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True,
                                                validators=[MinValueValidator(1), MaxValueValidator(2000)])
    signup_open = models.BooleanField(_("sign-up open"), default=True)
    students = models.ManyToManyField(  # type: ignore[var-annotated]
        Student, through="StudyEnrolment", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class StudyEnrolment(models.Model):
    program = models.ForeignKey(StudyProgram, on_delete=models.CASCADE, related_name="enrolments")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="study_enrolments")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [models.UniqueConstraint(fields=["program", "student"], name="uniq_study_enrolment")]

    def __str__(self) -> str:
        return f"{self.program_id} · {self.student_id}"


class StudySession(models.Model):
    program = models.ForeignKey(StudyProgram, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class StudyAttendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "student"], name="uniq_study_attendance")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.student_id}"


# --- growth record (成长档案, STU-1) -------------------------------------------------------------------------------


class GrowthKind(models.TextChoices):
    AWARD = "award", _("Award")
    ACTIVITY = "activity", _("Activity")
    SERVICE = "service", _("Service hours")
    CLUB = "club", _("Club")
    MORAL_NOTE = "moral_note", _("Moral-education note")


class GrowthEntry(models.Model):
    """An entry of a student's growth record. Internal entries (moral-education notes by default) are for staff
    only: the family and the student never see them. Other modules (activities, honour selections, clubs) add
    entries here too (growth.services.growth_entry_add_from_source)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="growth_entries")
    kind = models.CharField(_("kind"), max_length=12, choices=GrowthKind.choices)
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=120)
    detail = SensitiveTextField(_("detail"), max_length=2000, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    internal = models.BooleanField(_("internal (staff only)"), default=False)
    source_ref = models.CharField(max_length=60, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("growth record entry")
        verbose_name_plural = _("growth record entries")
        ordering = ["-on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["student", "source_ref"], condition=~Q(source_ref=""),
                                    name="uniq_growth_source"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.title}"


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "MentoringPair.needs": "choice codes (CodeListField), filtered with contains",
    "MentoringPair.contact_plan": "how often and how mentor and student meet, not their situation (the "
                                  "summary is encrypted)",
    "Forum.minutes": "the minutes of a forum of student representatives, a group meeting; what concerns "
                     "one student goes into an encrypted follow-up item",
    "StudyProgram.description": "a study-help programme offered to all",
    "StudySession.topic": "a study session's subject matter",
}
