"""Psychological health (PSY-1..5, COM-4): scales, screening campaigns and responses, alerts, three-party
follow-up cases and referrals, counselling slots and appointments, the self-help corner.

What a student answered is the most sensitive data the platform holds: item answers and counselling notes are
encrypted at rest and read only by counsellors (rules.py); a result row keeps the total, band and risk level in
clear because the counsellor's summary counts them (docs/wellbeing.md says who sees what)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedJSONField, EncryptedTextField

from xinhuo.core.crypto import SensitiveCharField, SensitiveTextField
from xinhuo.core.models import Grade, School, SchoolClass
from xinhuo.core.workflow import WorkflowStep
from xinhuo.people.models import Student

from .scales import BandSpec, ItemSpec, OptionSpec, Risk, ScaleSpec


class Scale(models.Model):
    """A screening scale. A standard scale (PHQ-A, PHQ-9, GAD-7: scales.py) has no school and never changes; a
    configured one belongs to its school and is frozen once a campaign uses it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    instructions = models.CharField(_("instructions"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    standard = models.BooleanField(_("standard scale"), default=False, editable=False)
    ready = models.BooleanField(_("ready for campaigns"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        ordering = ["-standard", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="uniq_scale_code"),
            models.UniqueConstraint(fields=["code"], condition=Q(school__isnull=True), name="uniq_standard_scale"),
        ]

    def __str__(self) -> str:
        return self.name

    def spec(self) -> ScaleSpec:
        """The scale as scales.score reads it (prefetch items, options and bands for a list)."""
        own = [o for o in self.options.all() if o.item_id is None]
        by_item: dict[int, list[ScaleOption]] = {}
        for o in self.options.all():
            if o.item_id is not None:
                by_item.setdefault(o.item_id, []).append(o)

        def opts(rows: list[ScaleOption]) -> tuple[OptionSpec, ...]:
            return tuple(OptionSpec(o.label, o.score) for o in sorted(rows, key=lambda o: (o.order, o.pk)))

        items = tuple(
            ItemSpec(i.number, i.text, opts(by_item.get(i.pk, [])), scored=i.scored, reverse=i.reverse,
                     subscale=i.subscale, alert_at=i.alert_at)
            for i in sorted(self.items.all(), key=lambda i: i.number))
        bands = tuple(BandSpec(b.low, b.high, b.label, Risk(b.risk), b.subscale)
                      for b in sorted(self.bands.all(), key=lambda b: (b.subscale, b.low)))
        return ScaleSpec(code=self.code, name=self.name, instructions=self.instructions, options=opts(own),
                         items=items, bands=bands, source=self.source)


class ScaleItem(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text = models.CharField(_("text"), max_length=300)
    scored = models.BooleanField(_("counts in the total"), default=True)
    reverse = models.BooleanField(_("reverse-scored"), default=False)
    subscale = models.CharField(_("subscale"), max_length=40, blank=True)
    alert_at = models.PositiveSmallIntegerField(
        _("alert from score"), null=True, blank=True,
        help_text=_("An answer scoring at least this raises an alert whatever the total (e.g. PHQ-9 item 9: 1)."))

    class Meta:
        verbose_name = _("scale item")
        verbose_name_plural = _("scale items")
        ordering = ["scale", "number"]
        constraints = [models.UniqueConstraint(fields=["scale", "number"], name="uniq_scale_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class ScaleOption(models.Model):
    """An answer option with its score: the scale's (item empty) or one item's own."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    item = models.ForeignKey(ScaleItem, on_delete=models.CASCADE, null=True, blank=True, related_name="own_options")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=60)
    score = models.SmallIntegerField(_("score"), validators=[MinValueValidator(-10), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["scale", "item", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.score})"


class ScaleBand(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="bands")
    subscale = models.CharField(_("subscale"), max_length=40, blank=True)
    low = models.SmallIntegerField(_("from"))
    high = models.SmallIntegerField(_("to"))
    label = models.CharField(_("label"), max_length=40)
    risk = models.PositiveSmallIntegerField(_("risk level"), choices=Risk.choices, default=Risk.NONE)

    class Meta:
        verbose_name = _("severity band")
        verbose_name_plural = _("severity bands")
        ordering = ["scale", "subscale", "low"]
        constraints = [models.CheckConstraint(condition=Q(low__lte=models.F("high")), name="band_low_le_high")]

    def __str__(self) -> str:
        return f"{self.low}–{self.high} {self.label}"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(models.Model):
    """A screening: scales given to grades or classes within a window. Students answer while it is published
    and open; the consent register decides who may."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    scales = models.ManyToManyField(  # type: ignore[var-annotated]
        Scale, through="CampaignScale", related_name="campaigns",
                                    verbose_name=_("scales"))
    grades = models.ManyToManyField(Grade, blank=True, related_name="+", verbose_name=_("grades"))
    classes = models.ManyToManyField(SchoolClass, blank=True, related_name="+", verbose_name=_("classes"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    one_per_screen = models.BooleanField(_("one question per screen"), default=True)
    status = models.CharField(_("status"), max_length=12, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    note = models.TextField(_("note to students"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")
        ordering = ["-opens_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(opens_at__lt=models.F("closes_at")),
                                              name="campaign_window_order")]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == CampaignStatus.PUBLISHED and self.opens_at <= now < self.closes_at


class CampaignScale(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="campaign_scales")
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "scale"], name="uniq_campaign_scale")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.scale_id}"


class Response(models.Model):
    """A student's sitting of a campaign: started once, resumed where it stopped, submitted once. The answers
    ({scale pk: {item number: score}}) are encrypted; the results are ScaleResult rows."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="screening_responses")
    answers = EncryptedJSONField(default=dict)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    risk = models.PositiveSmallIntegerField(_("risk level"), choices=Risk.choices, null=True, blank=True)

    class Meta:
        verbose_name = _("screening response")
        verbose_name_plural = _("screening responses")
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "student"], name="uniq_campaign_response")]
        indexes = [models.Index(fields=["campaign", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.student}"


class ScaleResult(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="results")
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="+")
    total = models.SmallIntegerField(_("total"))
    band = models.CharField(_("band"), max_length=40, blank=True)
    risk = models.PositiveSmallIntegerField(_("risk level"), choices=Risk.choices, default=Risk.NONE)
    subscales = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("scale result")
        verbose_name_plural = _("scale results")
        ordering = ["response", "scale"]
        constraints = [models.UniqueConstraint(fields=["response", "scale"], name="uniq_response_scale")]

    def __str__(self) -> str:
        return f"{self.scale}: {self.total}"


class WellbeingSettings(models.Model):
    """A school's safeguarding settings: who hears of an alert besides the counsellors, and when it escalates."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    safeguarding_lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("safeguarding lead"))
    escalate_after_minutes = models.PositiveSmallIntegerField(
        _("escalate after (minutes in school hours)"), default=30,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)])
    school_day_starts = models.TimeField(_("school day starts"), default="07:30")
    school_day_ends = models.TimeField(_("school day ends"), default="17:30")

    class Meta:
        verbose_name = _("wellbeing settings")
        verbose_name_plural = _("wellbeing settings")

    def __str__(self) -> str:
        return str(self.school)


class AlertStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("alert status", "Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Alert(models.Model):
    """An alert (预警) raised by an answer on an alert item: never a plain score. It stays on the counsellors' and
    safeguarding lead's home pages until acknowledged, and escalates to the director when not acknowledged in
    time. `items` names the items (e.g. "PHQ-A 9"), never the answers."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="wellbeing_alerts")
    response = models.ForeignKey(Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts")
    items = models.JSONField(default=list)
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=14, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    escalate_at = models.DateTimeField(_("escalates at"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = EncryptedTextField(_("note"), max_length=1000, blank=True, null=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "escalate_at"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.raised_at:%Y-%m-%d %H:%M}"


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case status", "Open")
    CONTACTING = "contacting", _("Contacting the family")
    SUPPORTING = "supporting", _("In support")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class Case(models.Model):
    """A three-party follow-up (三方联动: head teacher, counsellor, guardians) of one student, tracked to closure
    through the workflow engine. The head teacher and the family see their tasks and the family's replies, never
    the answers or the counsellor's notes."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="wellbeing_cases")
    alert = models.ForeignKey(Alert, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("counsellor"))
    risk = models.PositiveSmallIntegerField(_("risk level"), choices=Risk.choices, default=Risk.ATTENTION)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    notes = EncryptedTextField(_("counsellor's notes"), max_length=10000, blank=True, null=True)
    family_request = SensitiveTextField(_("what the school asks of the family"), max_length=1000, blank=True)
    summary = EncryptedTextField(_("closing summary"), max_length=10000, blank=True, null=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up case")
        verbose_name_plural = _("follow-up cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["student"], condition=~Q(status=CaseStatus.CLOSED),
                                               name="uniq_open_case_per_student")]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_status_display()}"


class CaseStep(WorkflowStep):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=12, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=CaseStatus.choices)
    comment = SensitiveTextField(_("comment"), max_length=2000, blank=True)  # may say what the case is about

    class Meta(WorkflowStep.Meta):
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")


class Party(models.TextChoices):
    HEAD_TEACHER = "head_teacher", _("Head teacher")
    COUNSELLOR = "counsellor", _("Counsellor")
    FAMILY = "family", _("Family")


class CaseTask(models.Model):
    """A task of a case for one party, e.g. the head teacher's "talk with the student this week"."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    party = models.CharField(_("for"), max_length=14, choices=Party.choices)
    text = SensitiveCharField(_("task"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = SensitiveTextField(_("note on completion"), max_length=1000, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class CaseMessage(models.Model):
    """A message on a case between the school and the family (a parent's reply, the school's answer)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    party = models.CharField(_("from"), max_length=14, choices=Party.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = EncryptedTextField(_("message"), max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case message")
        verbose_name_plural = _("case messages")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} · {self.at:%Y-%m-%d}"


class Referral(models.Model):
    """A referral to a professional agency (COM-4), with the family's consent and its outcome."""

    class AgencyKind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        PSYCHOLOGICAL = "psychological", _("Psychological service")
        LEGAL = "legal", _("Legal service")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    agency = models.CharField(_("agency"), max_length=100)
    agency_kind = models.CharField(_("kind of agency"), max_length=14, choices=AgencyKind.choices)
    consent_by = models.CharField(_("consent given by"), max_length=60)
    consent_on = models.DateField(_("consent given on"))
    referred_on = models.DateField(_("referred on"))
    outcome = EncryptedTextField(_("outcome"), max_length=4000, blank=True, null=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return self.agency


class Slot(models.Model):
    """A counselling slot a counsellor publishes: in the counselling room (心理辅导室) or online."""

    class Mode(models.TextChoices):
        ROOM = "room", _("Counselling room")
        ONLINE = "online", _("Online")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("counsellor"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("where"), max_length=8, choices=Mode.choices, default=Mode.ROOM)
    place = models.CharField(_("room or link"), max_length=100, blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("counselling slot")
        verbose_name_plural = _("counselling slots")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")),
                                              name="slot_time_order")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed")


class Appointment(models.Model):
    """A booked slot. A slot holds one live booking (a partial unique constraint, so two students racing for it
    cannot both win). Who booked and why is the counsellor's; the notes are encrypted and every reading logged."""

    class BookedAs(models.TextChoices):
        STUDENT = "student", _("The student")
        PARENT = "parent", _("A parent")
        HEAD_TEACHER = "head_teacher", _("Head teacher's referral")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="counselling_appointments")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    booked_as = models.CharField(_("booked by"), max_length=14, choices=BookedAs.choices)
    reason = EncryptedTextField(_("what it is about"), max_length=500, blank=True, null=True)
    status = models.CharField(_("status"), max_length=10, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.BOOKED)
    notes = EncryptedTextField(_("session notes"), max_length=5000, blank=True, null=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("counselling appointment")
        verbose_name_plural = _("counselling appointments")
        ordering = ["slot__starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["slot"], condition=~Q(status=AppointmentStatus.CANCELLED),
                                               name="uniq_live_appointment_per_slot")]

    def __str__(self) -> str:
        return f"{self.slot} · {self.student}"


class SelfHelpItem(models.Model):
    """An item of the self-help corner (心理加油站): an article, audio, an exercise or a first-aid guide."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        AUDIO = "audio", _("Audio")
        EXERCISE = "exercise", _("Exercise")
        FIRST_AID = "first_aid", _("First-aid guide")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=40)
    grades = models.ManyToManyField(Grade, blank=True, related_name="+", verbose_name=_("for grades"))
    for_parents = models.BooleanField(_("for parents too"), default=False)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    audio = models.FileField(_("audio file"), upload_to="wellbeing/selfhelp/%Y/", blank=True)
    published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("self-help item")
        verbose_name_plural = _("self-help items")
        ordering = ["topic", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class PeerSupporter(models.Model):
    """A student trained as a peer-support volunteer (朋辈辅导员), listed with their training."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    training = models.CharField(_("training"), max_length=200)
    trained_on = models.DateField(_("trained on"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("peer supporter")
        verbose_name_plural = _("peer supporters")
        ordering = ["student__school_class__grade__level", "student__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "student"], name="uniq_peer_supporter")]

    def __str__(self) -> str:
        return str(self.student)


class TalkRequest(models.Model):
    """A student's request to talk with a peer supporter or a heart mentor (心灵导师) elder: it goes to the
    counsellor, who pairs them through the mentoring module."""

    class With(models.TextChoices):
        PEER = "peer", _("A peer supporter")
        HEART_MENTOR = "heart_mentor", _("A heart mentor")

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("talk request status", "Waiting")
        ARRANGED = "arranged", _("Arranged")
        DECLINED = "declined", _("Declined")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    with_whom = models.CharField(_("to talk with"), max_length=14, choices=With.choices)
    message = EncryptedTextField(_("message"), max_length=1000, blank=True, null=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    answer = SensitiveCharField(_("answer"), max_length=300, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("talk request")
        verbose_name_plural = _("talk requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_with_whom_display()}"


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "ScaleItem.text": "a screening scale's question",
    "Campaign.note": "a note to all students of a screening campaign",
    "SelfHelpItem.topic": "a self-help article's topic, ordered by",
    "SelfHelpItem.body": "a self-help article",
}
