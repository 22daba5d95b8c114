"""Models of the parent school (FAM-1): courses, sessions, micro-lectures, registration, check-in, attendance,
certificates.

A course (新生家长入学课程, 青春期心理与亲子沟通 ...) belongs to a term and is for some grades (none: every grade).
Its sessions are held on site or online, each with its speakers and a capacity. Micro-lectures (a video or audio
file, or an external link, with a summary and a short quiz) and materials (PDF/Word/PPT) belong to a course, a
micro-lecture optionally to one of its (online) sessions. A parent (a guardian with an account) registers for a
session for the family of one of their children; the registration is the attendance record: checked in on site by
the organiser, or online by watching the session's micro-lecture to its end or passing its quiz. Who attended
at least EXCELLENT_MIN_SESSIONS sessions in a term may be confirmed by the committee as 优秀家长学员 and gets a
certificate."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School

__all__ = [
    "CheckInWay",
    "CourseMaterial",
    "ExcellentParent",
    "LectureView",
    "MicroLecture",
    "ParentCourse",
    "ParentSession",
    "QuizQuestion",
    "SessionMode",
    "SessionRegistration",
    "SessionSpeaker",
    "SpeakerKind",
]


class SessionMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class SpeakerKind(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    ELDER = "elder", _("Elder")
    EXPERT = "expert", _("Outside expert")


class CheckInWay(models.TextChoices):
    ON_SITE = "on_site", _("Checked in on site")
    WALK_IN = "walk_in", _("Walk-in, added on site")
    VIDEO = "video", _("Watched the micro-lecture")
    QUIZ = "quiz", _("Passed the quiz")


class ParentCourse(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey("core.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term"))
    title = models.CharField(_("title"), max_length=100)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    grades = models.ManyToManyField("core.Grade", blank=True, related_name="+", verbose_name=_("for grades"),
                                    help_text=_("None chosen: for the parents of every grade."))
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("organiser"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("parent-school course")
        verbose_name_plural = _("parent-school courses")
        ordering = ["-term__start", "title", "pk"]
        indexes = [models.Index(fields=["school", "term"])]

    def __str__(self) -> str:
        return self.title


class ParentSession(models.Model):
    course = models.ForeignKey(ParentCourse, on_delete=models.CASCADE, related_name="sessions")
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    mode = models.CharField(_("how"), max_length=10, choices=SessionMode.choices, default=SessionMode.ON_SITE)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("parent-school session")
        verbose_name_plural = _("parent-school sessions")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="parent_session_ends_after_start")]

    def __str__(self) -> str:
        return self.topic or self.course.title

    @property
    def started(self) -> bool:
        return self.starts_at <= timezone.now()


class SessionSpeaker(models.Model):
    session = models.ForeignKey(ParentSession, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=SpeakerKind.choices)
    staff = models.ForeignKey("people.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    elder = models.ForeignKey("elders.Elder", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class MicroLecture(models.Model):
    course = models.ForeignKey(ParentCourse, on_delete=models.CASCADE, related_name="lectures")
    session = models.ForeignKey(ParentSession, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="lectures", verbose_name=_("session"))
    title = models.CharField(_("title"), max_length=100)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    media = models.FileField(_("video or audio"), upload_to="family/school/lectures/", blank=True)
    media_size = models.PositiveIntegerField(default=0)
    link = models.URLField(_("external link"), max_length=300, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80,
                                                 validators=[MinValueValidator(1), MaxValueValidator(100)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("micro-lecture")
        verbose_name_plural = _("micro-lectures")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_audio(self) -> bool:
        return bool(self.media) and not self.media.name.lower().endswith(".mp4")


class QuizQuestion(models.Model):
    lecture = models.ForeignKey(MicroLecture, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list)  # 2-6 short strings
    answer = models.PositiveSmallIntegerField(_("right answer"))  # index into choices
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class CourseMaterial(models.Model):
    course = models.ForeignKey(ParentCourse, on_delete=models.CASCADE, related_name="materials")
    lecture = models.ForeignKey(MicroLecture, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="materials")
    title = models.CharField(_("title"), max_length=100)
    file = models.FileField(_("file"), upload_to="family/school/materials/")
    file_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class SessionRegistration(models.Model):
    """A parent's place at a session, for the family of one child; the attendance record once checked in.
    Cancelled registrations stay (cancelled_at) so that registering again reuses the row."""

    session = models.ForeignKey(ParentSession, on_delete=models.CASCADE, related_name="registrations")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("for the family of"))
    registered_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    way = models.CharField(_("check-in"), max_length=10, choices=CheckInWay.choices, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["registered_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "guardian"], name="uniq_parent_session_guardian")]
        indexes = [models.Index(fields=["guardian", "attended_at"]), models.Index(fields=["student"])]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.guardian_id}"

    @property
    def active(self) -> bool:
        return self.cancelled_at is None


class LectureView(models.Model):
    """A parent watched a micro-lecture to its end and/or answered its quiz (best score kept)."""

    lecture = models.ForeignKey(MicroLecture, on_delete=models.CASCADE, related_name="views")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.CASCADE, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    quiz_score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent
    quiz_passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("micro-lecture watched")
        verbose_name_plural = _("micro-lectures watched")
        constraints = [models.UniqueConstraint(fields=["lecture", "guardian"], name="uniq_lecture_view")]

    def __str__(self) -> str:
        return f"{self.lecture_id}: {self.guardian_id}"


class ExcellentParent(models.Model):
    """优秀家长学员 of a term, confirmed by the committee; the certificate's number."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey("core.Term", on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=50)  # as printed on the certificate
    sessions = models.PositiveSmallIntegerField(_("sessions attended"))
    certificate_no = models.CharField(_("certificate number"), max_length=30)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("excellent parent learner")
        verbose_name_plural = _("excellent parent learners")
        ordering = ["certificate_no", "pk"]
        constraints = [models.UniqueConstraint(fields=["term", "guardian"], name="uniq_excellent_parent"),
                       models.UniqueConstraint(fields=["school", "certificate_no"], name="uniq_excellent_cert")]

    def __str__(self) -> str:
        return self.name


# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "ParentCourse.title": "a course's public title, shown to every parent",
    "ParentCourse.summary": "a course's public description, shown to every parent",
    "ParentSession.topic": "a session's public topic",
    "ParentSession.place": "where a session is held (a school room or hall), public to parents",
    "SessionSpeaker.name": "a speaker's name, announced publicly with the session",
    "MicroLecture.title": "a micro-lecture's public title",
    "MicroLecture.summary": "a micro-lecture's public text summary",
    "MicroLecture.link": "the public address of an external video",
    "QuizQuestion.text": "a quiz question about the lecture's content, nothing personal",
    "CourseMaterial.title": "a course material's public title",
    "CourseMaterial.file_name": "the uploaded material's file name, shown for download (course documents)",
    "ExcellentParent.name": "the name printed on a public honour list and certificate",
    "ExcellentParent.certificate_no": "a certificate's serial number",
}
