"""Honour selections (评选, ACT-6): 美德少年 each term, 榜样家长, 优秀五老, 红色班级.

A selection goes nominating → reviewing → voting (when it has a vote) → publicity (公示, with its end date) →
awarded, or is cancelled; the stage changes only through the services (DESIGN.md's workflow pattern), each
change kept as a SelectionStep. A nomination names one nominee of the selection's kind; those accepted in
review stand for the vote, the best placed (at most the quota) are published as the proposed winners, and an
objection upheld during the publicity takes one off the list. The winners get a certificate number."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveTextField
from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep


class SelectionKind(models.TextChoices):
    VIRTUE_YOUTH = "virtue_youth", _("Virtue youth")  # 美德少年: students, each term
    MODEL_PARENT = "model_parent", _("Model parent")  # 榜样家长: guardians
    OUTSTANDING_ELDER = "outstanding_elder", _("Outstanding elder")  # 优秀五老: elders
    RED_CLASS = "red_class", _("Red class")  # 红色班级: classes


# The honour's own Chinese name, printed on certificates and growth records whatever the UI language.
HONOURS = {
    SelectionKind.VIRTUE_YOUTH: "美德少年",
    SelectionKind.MODEL_PARENT: "榜样家长",
    SelectionKind.OUTSTANDING_ELDER: "优秀五老",
    SelectionKind.RED_CLASS: "红色班级",
}
# Which nominee field each kind names.
NOMINEE_FIELD = {
    SelectionKind.VIRTUE_YOUTH: "student",
    SelectionKind.MODEL_PARENT: "guardian",
    SelectionKind.OUTSTANDING_ELDER: "elder",
    SelectionKind.RED_CLASS: "school_class",
}


class Stage(models.TextChoices):
    NOMINATING = "nominating", _("Nominating")
    REVIEWING = "reviewing", _("Reviewing")
    VOTING = "voting", _("Voting")
    PUBLICITY = "publicity", _("Publicity")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


class Selection(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=SelectionKind.choices)
    title = models.CharField(_("title"), max_length=100)
    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("school year"))
    term = models.ForeignKey("core.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("term"))
    criteria = models.TextField(_("criteria"), max_length=4000)
    quota = models.PositiveSmallIntegerField(_("quota"), validators=[MinValueValidator(1)])
    voting = models.BooleanField(_("with a vote"), default=False)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.NOMINATING)
    nominate_until = models.DateField(_("nominations until"), null=True, blank=True)
    publicity_ends = models.DateField(_("publicity ends"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("honour selection")
        verbose_name_plural = _("honour selections")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "stage"])]
        constraints = [models.CheckConstraint(condition=Q(quota__gte=1), name="selection_quota_positive")]

    def __str__(self) -> str:
        return self.title

    @property
    def honour(self) -> str:
        return HONOURS[SelectionKind(self.kind)]


class SelectionStep(WorkflowStep):
    """One stage change (core.workflow): the statuses are the selection's stages, in the columns they always had."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from stage"), max_length=12, choices=Stage.choices, blank=True,
                                   db_column="from_stage")
    to_status = models.CharField(_("to stage"), max_length=12, choices=Stage.choices, db_column="to_stage")

    class Meta(WorkflowStep.Meta):
        verbose_name = _("selection step")
        verbose_name_plural = _("selection steps")

    def __str__(self) -> str:
        return f"{self.selection_id}: {self.from_status or '-'} → {self.to_status}"


class Review(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class Nomination(models.Model):
    """One nominee — a student, a guardian, an elder or a class, as the selection's kind says — with the deeds
    that justify it. `name` and `group` are copied when nominated so that lists, the publicity notice and the
    certificate need no further joins."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="nominations")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("student"))
    guardian = models.ForeignKey("people.Guardian", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+", verbose_name=_("guardian"))
    elder = models.ForeignKey("elders.Elder", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                              verbose_name=_("elder"))
    school_class = models.ForeignKey("core.SchoolClass", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="+", verbose_name=_("class"))
    name = models.CharField(_("nominee"), max_length=50)
    group = models.CharField(_("class or group"), max_length=50, blank=True)
    reason = models.TextField(_("deeds"), max_length=2000)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    nominated_at = models.DateTimeField(default=timezone.now)
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.PENDING)
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # on the publicity list (公示名单) with its place; an objection upheld takes it off
    proposed = models.BooleanField(_("proposed winner"), default=False)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=30, blank=True)
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["nominated_at", "pk"]
        indexes = [models.Index(fields=["selection", "review"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(student__isnull=False, guardian__isnull=True, elder__isnull=True,
                             school_class__isnull=True)
                           | Q(student__isnull=True, guardian__isnull=False, elder__isnull=True,
                               school_class__isnull=True)
                           | Q(student__isnull=True, guardian__isnull=True, elder__isnull=False,
                               school_class__isnull=True)
                           | Q(student__isnull=True, guardian__isnull=True, elder__isnull=True,
                               school_class__isnull=False)),
                name="nomination_one_nominee"),
            models.UniqueConstraint(fields=["selection", "student"], condition=Q(student__isnull=False),
                                    name="uniq_nomination_student"),
            models.UniqueConstraint(fields=["selection", "guardian"], condition=Q(guardian__isnull=False),
                                    name="uniq_nomination_guardian"),
            models.UniqueConstraint(fields=["selection", "elder"], condition=Q(elder__isnull=False),
                                    name="uniq_nomination_elder"),
            models.UniqueConstraint(fields=["selection", "school_class"], condition=Q(school_class__isnull=False),
                                    name="uniq_nomination_class"),
            models.UniqueConstraint(fields=["selection", "certificate_no"], condition=~Q(certificate_no=""),
                                    name="uniq_selection_certificate"),
        ]

    def __str__(self) -> str:
        return f"{self.selection_id}: {self.name}"


class Vote(models.Model):
    """One voter's vote in a selection: one per voter per selection, whatever the nominee."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["selection", "voter"], name="uniq_vote_per_voter")]

    def __str__(self) -> str:
        return f"{self.selection_id}: {self.voter_id} → {self.nomination_id}"


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Objection(models.Model):
    """An objection to a proposed winner during the publicity (公示), answered by the committee."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+")
    text = SensitiveTextField(_("objection"), max_length=1000)
    raised_at = models.DateTimeField(default=timezone.now)
    reply = SensitiveTextField(_("reply"), max_length=1000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["raised_at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.text[:20]}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "Selection.criteria": "a selection's published criteria",
    "SelectionStep.comment": "the review of a selection",
    "Nomination.reason": "the nominee's deeds, published for the public notice (公示)",
    "Nomination.review_comment": "the assessment of a nomination against the published criteria, shown to"
                                 " the nominator",
}
