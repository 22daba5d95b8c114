"""Surveys and the feedback mailbox (SRV-1..4).

Anonymity is kept by the shape of the tables, not by a promise (docs/surveys.md): a `Response` of an anonymous
survey holds the answers, the audience and grade, and the day — never a user, an address or a time of day — and
the `Participation` that stops a second answer holds the person and nothing about the answer, not even a day. Both
take random primary keys, so neither the ids nor the order the database keeps them in tells which came when."""

from __future__ import annotations

import json
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedTextField

from xinhuo.core.crypto import SensitiveCharField, SensitiveTextField
from xinhuo.core.models import Grade, School, SchoolClass
from xinhuo.core.workflow import WorkflowStep

from .questions import Kind, QSpec


def random_id() -> int:
    """A random positive 63-bit key: on SQLite it is the row id (RandomKeyField), so the table's own order is
    random too."""
    return secrets.randbits(62) + 1


class RandomKeyField(models.BigIntegerField):
    """A random primary key (random_id). On SQLite it is declared INTEGER, which makes it the table's rowid: the
    file keeps its rows in key order, so a plain scan returns them in no order of time. (Declared BIGINT it would
    be a column beside a hidden rowid given out in the order of writing, and a scan of the responses and one of
    the participations would line up answer by person.) PostgreSQL: bigint, and anonymity.shuffle rewrites."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class Purpose(models.TextChoices):
    """What a survey measures; the satisfaction and effect purposes feed the committee's indicators."""

    GENERAL = "general", _("General")
    STUDENT_SATISFACTION = "student_satisfaction", _("Student satisfaction")
    PARENT_SATISFACTION = "parent_satisfaction", _("Parent satisfaction")
    ACTIVITY_EFFECT = "activity_effect", _("Activity effect")
    ELDER_PARTICIPATION = "elder_participation", _("Elder participation")
    TEACHER_FEEDBACK = "teacher_feedback", _("Teacher feedback")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "Draft")
    PUBLISHED = "published", pgettext_lazy("survey status", "Published")
    CLOSED = "closed", pgettext_lazy("survey status", "Closed")


class Audience(models.TextChoices):
    STUDENT = "student", _("Students")
    PARENT = "parent", _("Parents")
    ELDER = "elder", _("Elders")
    TEACHER = "teacher", _("Teachers")


class Survey(models.Model):
    """A questionnaire given to an audience within a window. Whether it is anonymous is fixed when it is
    published; its questions change only while nobody has answered (then a new version is made instead)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices, default=Purpose.GENERAL)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    # audiences: students (of the grades and classes named; none named: the whole school), parents (of the
    # classes named; none: all), elders, teachers; or the participants of one activity (its effect survey)
    for_students = models.BooleanField(_("students"), default=False)
    grades = models.ManyToManyField(Grade, blank=True, related_name="+", verbose_name=_("grades"))
    classes = models.ManyToManyField(SchoolClass, blank=True, related_name="+", verbose_name=_("classes"))
    for_parents = models.BooleanField(_("parents"), default=False)
    parent_classes = models.ManyToManyField(SchoolClass, blank=True, related_name="+",
                                            verbose_name=_("parents of the classes"))
    for_elders = models.BooleanField(_("elders"), default=False)
    for_teachers = models.BooleanField(_("teachers"), default=False)
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("activity"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("previous version"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("owner"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # counted by the submitting service, so lists never count responses
    response_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "closes_at"])]
        constraints = [models.CheckConstraint(condition=Q(opens_at__lt=models.F("closes_at")),
                                              name="survey_window_order")]

    def __str__(self) -> str:
        return self.title if self.version == 1 else f"{self.title} (v{self.version})"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == SurveyStatus.PUBLISHED and self.opens_at <= now < self.closes_at

    def specs(self) -> list[QSpec]:
        """The questions as questions.py reads them (prefetch `questions` for a list)."""
        return [q.spec() for q in sorted(self.questions.all(), key=lambda q: (q.order, q.pk))]


class Question(models.Model):
    """An item of a survey: a question, a section heading or a page break, in order."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.CharField(_("key"), max_length=20)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(_("options"), default=list, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True,
                                              validators=[MinValueValidator(3), MaxValueValidator(10)])
    labels = models.JSONField(_("point labels"), default=list, blank=True)
    min_choices = models.PositiveSmallIntegerField(_("least choices"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("most choices"), null=True, blank=True)
    min_value = models.FloatField(_("smallest number"), null=True, blank=True)
    max_value = models.FloatField(_("largest number"), null=True, blank=True)
    show_if = models.JSONField(_("show only if"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="uniq_survey_question_key")]

    def __str__(self) -> str:
        return self.text or self.get_kind_display()

    def spec(self) -> QSpec:
        return QSpec(key=self.key, kind=self.kind, text=self.text, help_text=self.help_text, required=self.required,
                     options=tuple(self.options or ()), rows=tuple(self.rows or ()), points=self.points,
                     labels=tuple(self.labels or ()), min_choices=self.min_choices, max_choices=self.max_choices,
                     min_value=self.min_value, max_value=self.max_value, show_if=self.show_if or None)


class Response(models.Model):
    """One person's answers ({question key: canonical answer}, encrypted). Of an anonymous survey: the audience,
    the grade and the day only. Of a named survey also the respondent and class; a named response without a day
    is a draft being resumed."""

    id = RandomKeyField()
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # JSON text, encrypted (the encrypted JSON field reads every value back as text: 2 would come back as "2")
    answers_text = EncryptedTextField(default="{}")
    audience = models.CharField(_("audience"), max_length=8, choices=Audience.choices)
    grade = models.ForeignKey(Grade, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], condition=Q(respondent__isnull=False),
                                    name="uniq_named_response"),
        ]
        indexes = [models.Index(fields=["survey", "submitted_on"])]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"

    @property
    def answers(self) -> dict:
        return json.loads(self.answers_text or "{}")

    @answers.setter
    def answers(self, value: dict) -> None:
        self.answers_text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Participation(models.Model):
    """That a person has answered a survey (or holds a named draft): stops a second answer. Nothing here says
    what or when; the audience and class are theirs anyway and give the response rate per group."""

    id = RandomKeyField()
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=8, choices=Audience.choices)
    school_class = models.ForeignKey(SchoolClass, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="uniq_survey_participation")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.user_id}"


# -- the feedback mailbox (SRV-3) -----------------------------------------------------------------------------------

class Box(models.TextChoices):
    PRINCIPAL = "principal", _("Principal's mailbox")
    HEART = "heart", _("Committee's heart-to-heart corner")


class MessageStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("message status", "Received")
    ASSIGNED = "assigned", pgettext_lazy("message status", "Assigned")
    REPLIED = "replied", pgettext_lazy("message status", "Replied")
    CLOSED = "closed", pgettext_lazy("message status", "Closed")


class MailboxSettings(models.Model):
    """A school's mailbox: how long a reply may take, and the words that send a message to the counsellors and
    the safeguarding lead at once (one per line; matched on jieba's words and as plain text)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    reply_days = models.PositiveSmallIntegerField(_("days to reply"), default=7,
                                                  validators=[MinValueValidator(1), MaxValueValidator(60)])
    crisis_words = models.TextField(_("words that alert the counsellors"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("mailbox settings")
        verbose_name_plural = _("mailbox settings")

    def __str__(self) -> str:
        return str(self.school)


class Message(models.Model):
    """A letter to the principal's mailbox or the heart-to-heart corner. An anonymous one keeps no writer and only
    the day it came; the writer reads the reply with the tracking code, of which only a keyed hash is kept. Random
    keys (as for answers): the order of the rows says nothing of which letter came before which."""

    id = RandomKeyField()
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    box = models.CharField(_("mailbox"), max_length=10, choices=Box.choices, default=Box.PRINCIPAL)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    subject = SensitiveCharField(_("subject"), max_length=100)
    body = EncryptedTextField(_("message"), max_length=3000)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    writer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    writer_role = models.CharField(_("written as"), max_length=8, choices=Audience.choices)
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices,
                              default=MessageStatus.RECEIVED)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("assigned to"))
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    reply = EncryptedTextField(_("reply"), max_length=3000, blank=True, null=True)  # empty is kept as NULL
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_public = models.BooleanField(_("show the reply publicly"), default=False)
    # with a public reply, the letter itself too (never the writer): the committee's choice, off by default
    show_body = models.BooleanField(_("show the message with the public reply"), default=False)
    flagged = models.BooleanField(_("needs the counsellors"), default=False)
    flag_words = models.JSONField(default=list, blank=True)
    overdue_warned_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mailbox message")
        verbose_name_plural = _("mailbox messages")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["school", "status", "reply_due"]),
                   models.Index(fields=["school", "reply_public", "replied_on"])]

    def __str__(self) -> str:
        return self.subject


class MessageStep(WorkflowStep):
    """A step of a message's workflow. Random keys: the id order would place an anonymous letter's first step
    (kept with the day only) between the timed steps of other messages."""

    id = RandomKeyField()
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=MessageStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=MessageStatus.choices)
    comment = SensitiveTextField(_("comment"), max_length=2000, blank=True)  # may quote the letter

    class Meta(WorkflowStep.Meta):
        verbose_name = _("message step")
        verbose_name_plural = _("message steps")


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "Survey.intro": "a questionnaire's introduction",
    "Question.text": "a questionnaire's question",
    "Question.help_text": "a questionnaire's help text",
    "MailboxSettings.crisis_words": "the words that alert the counsellors, matched against every letter",
}
