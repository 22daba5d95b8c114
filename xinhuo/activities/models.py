"""Activities (ACT-1 to ACT-5): the committee's activities from application to archive — the workflow (apply →
approve / return for changes / reject → run → summarise → archive, each step kept), the fields some kinds need
(study trip, drill, flag ceremony), sign-up and attendance, and the evidence (photos, files)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep


class ActivityKind(models.TextChoices):
    """The kinds of activity the five work plans hold (ACT-2)."""

    FLAG_CEREMONY = "flag_ceremony", _("Flag ceremony and speech")
    STUDY_TRIP = "study_trip", _("Red-culture study trip")
    STORY_CONTEST = "story_contest", _("Story contest")
    LECTURE = "lecture", _("Lecture (law, safety, psychology)")
    DRILL = "drill", _("Emergency drill")
    VOLUNTEER = "volunteer", _("Volunteer service")
    LABOUR = "labour", _("Labour practice")
    SCIENCE = "science", _("Science and maker event")
    CLUB_EVENT = "club_event", _("Club event")
    FESTIVAL = "festival", _("Festival")
    PARENT_DAY = "parent_day", _("Parent open day")
    PARENT_MEETING = "parent_meeting", _("Parent meeting")
    COMMUNITY = "community", _("Community service")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    RUNNING = "running", _("Running")
    SUMMARISED = "summarised", _("Summarised")
    ARCHIVED = "archived", _("Archived")


class Activity(models.Model):
    """An activity of the committee. Its status changes only through the services (DESIGN.md's workflow
    pattern), each change kept as an ActivityStep."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    objectives = models.TextField(_("objectives"), max_length=2000, blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("organiser"))
    organisers = models.CharField(_("organising departments"), max_length=200, blank=True)
    elders = models.ManyToManyField("elders.Elder", blank=True, related_name="activities",
                                    verbose_name=_("elders involved"))
    safety_plan = models.TextField(_("safety plan"), max_length=4000, blank=True)
    budget_request = models.DecimalField(_("budget request (yuan)"), max_digits=10, decimal_places=2, null=True,
                                         blank=True, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices,
                              default=ActivityStatus.APPLIED)
    summary = models.TextField(_("summary"), max_length=10000, blank=True)
    # what the activity cost in the end, given with its summary: closes the budget commitment (finance)
    actual_cost = models.DecimalField(_("actual cost (yuan)"), max_digits=10, decimal_places=2, null=True,
                                      blank=True, validators=[MinValueValidator(0)])
    effect = models.TextField(_("effect"), max_length=4000, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # a theme for any kind (a commemoration day's theme, a flag speech's topic)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    # ACT-3: planned on a weekend or public holiday only after the applicant confirmed it
    off_day_confirmed = models.BooleanField(_("non-working day confirmed"), default=False)
    # ACT-2: fields some kinds need — flag ceremony
    speaker = models.CharField(_("speaker"), max_length=50, blank=True)
    # study trip (研学): route, handbook, a results-sharing session (field tasks are FieldTask rows)
    route = models.TextField(_("route"), max_length=2000, blank=True)
    handbook = models.TextField(_("handbook"), max_length=20000, blank=True)
    sharing_at = models.DateTimeField(_("results-sharing session"), null=True, blank=True)
    sharing_place = models.CharField(_("results-sharing place"), max_length=100, blank=True)
    # emergency drill
    scenario = models.TextField(_("scenario"), max_length=2000, blank=True)
    evacuation_seconds = models.PositiveIntegerField(_("evacuation time (seconds)"), null=True, blank=True)
    # ACT-4: sign-up open to chosen audiences; capacity None = no limit; hours credited to each attendee
    signup_open = models.BooleanField(_("sign-up open"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, validators=[MinValueValidator(1)])
    audience_classes = models.ManyToManyField("core.SchoolClass", blank=True, related_name="+",
                                              verbose_name=_("classes invited"))
    audience_parents = models.BooleanField(_("parents invited"), default=False)
    audience_elders = models.BooleanField(_("elders invited"), default=False)
    audience_teachers = models.BooleanField(_("teachers invited"), default=False)
    service_hours = models.DecimalField(_("service hours per attendee"), max_digits=4, decimal_places=1, null=True,
                                        blank=True, validators=[MinValueValidator(0)])
    hours_credited_at = models.DateTimeField(_("hours credited at"), null=True, blank=True)
    # ACT-5: the effect survey's link, filled by the surveys module when it exists
    survey_url = models.URLField(_("effect survey link"), blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["school", "status", "starts_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="activity_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class ActivityStep(WorkflowStep):
    """One step of an activity's workflow (core.workflow)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=12, choices=ActivityStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=ActivityStatus.choices)

    class Meta(WorkflowStep.Meta):
        verbose_name = _("activity step")
        verbose_name_plural = _("activity steps")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.from_status or '-'} → {self.to_status}"


class FieldTask(models.Model):
    """A study trip's field task (研学任务) that each student completes and submits."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="field_tasks")
    title = models.CharField(_("title"), max_length=100)
    instructions = models.TextField(_("instructions"), max_length=4000, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field task")
        verbose_name_plural = _("field tasks")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


def field_work_path(instance: FieldWork, filename: str) -> str:
    return f"activities/{instance.task.activity_id}/field/{instance.task_id}/{filename}"


class FieldWork(models.Model):
    """A student's submission for a field task: text and an optional file; the organiser may comment."""

    task = models.ForeignKey(FieldTask, on_delete=models.CASCADE, related_name="works")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), max_length=4000, blank=True)
    file = models.FileField(_("file"), upload_to=field_work_path, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    feedback = models.TextField(_("feedback"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("field work")
        verbose_name_plural = _("field work")
        ordering = ["task", "student"]
        constraints = [models.UniqueConstraint(fields=["task", "student"], name="uniq_field_work")]

    def __str__(self) -> str:
        return f"{self.task_id}/{self.student_id}"


class SignUpKind(models.TextChoices):
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")
    ELDER = "elder", _("Elder")
    TEACHER = "teacher", _("Teacher")


class SignUpStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SignUp(models.Model):
    """One person's place at an activity (ACT-4): a student, a parent, an elder or a teacher. Beyond the capacity
    the place is on the waiting list and moves up, in order of signing up, when a place is freed. Check-in is
    the attendance; service hours are credited to the attendees when the activity is summarised."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    kind = models.CharField(_("kind"), max_length=8, choices=SignUpKind.choices)
    # who holds the place: a student (with or without an account), or the account of a parent / elder / teacher
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    elder = models.ForeignKey("elders.Elder", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=50)  # shown on the check-in list without further joins
    status = models.CharField(_("status"), max_length=10, choices=SignUpStatus.choices,
                              default=SignUpStatus.SIGNED_UP)
    signed_at = models.DateTimeField(default=timezone.now)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    hours = models.DecimalField(_("service hours credited"), max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["activity", "status", "signed_at"])]
        constraints = [
            models.UniqueConstraint(fields=["activity", "student"], condition=models.Q(student__isnull=False),
                                    name="uniq_signup_student"),
            models.UniqueConstraint(fields=["activity", "user"],
                                    condition=models.Q(user__isnull=False, student__isnull=True),
                                    name="uniq_signup_user"),
            models.CheckConstraint(condition=models.Q(student__isnull=False) | models.Q(user__isnull=False),
                                   name="signup_has_person"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.name}"


def activity_photo_path(instance: ActivityPhoto, filename: str) -> str:
    return f"activities/{instance.activity.school_id}/{instance.activity_id}/photos/{filename}"


def activity_file_path(instance: ActivityFile, filename: str) -> str:
    return f"activities/{instance.activity.school_id}/{instance.activity_id}/files/{filename}"


class ActivityPhoto(models.Model):
    """A photo of the activity (ACT-5), checked and resized by core.uploads before it is kept."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=activity_photo_path)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name


class ActivityFile(models.Model):
    """A file of the activity (plan, sign-in sheet, slides), type and size checked by core.uploads."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=activity_file_path)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "Activity.objectives": "an activity's plan, published to participants",
    "Activity.safety_plan": "an activity's plan",
    "Activity.summary": "the activity's published summary",
    "Activity.effect": "the activity's evaluation, about the activity",
    "Activity.route": "an activity's route",
    "Activity.handbook": "an activity's handbook",
    "Activity.scenario": "an activity's scenario",
    "ActivityStep.comment": "the review of an activity",
    "FieldTask.instructions": "a task given to all participants",
    "FieldWork.text": "a student's answer to a field task (schoolwork), not about their situation",
    "FieldWork.feedback": "the teacher's feedback on that schoolwork",
}
