"""Personal data over time (ORG-9, PIPL): holds on an erasure, the erasures done, and the requests of guardians and
adult students to see, correct or erase what the platform holds about a child."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveTextField
from xinhuo.core.models import School
from xinhuo.core.workflow import WorkflowStep


class ErasureHold(models.Model):
    """The committee keeps a left student's data past the retention period, with a reason (a dispute, an
    investigation, an archive the law asks for); the daily job skips the student while the hold is open."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    reason = SensitiveTextField(_("reason"), max_length=500)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    held_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("erasure hold")
        verbose_name_plural = _("erasure holds")
        ordering = ["-held_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["student"], condition=Q(released_at__isnull=True),
                                               name="one_open_hold_per_student")]

    def __str__(self) -> str:
        return f"hold {self.student_id}"


class Erasure(models.Model):
    """A student whose personal data was erased: when, why, by whom (none: the daily job) and how many rows of each
    kind were anonymised. Names no one: the student row itself carries the pseudonym now."""

    class Why(models.TextChoices):
        RETENTION = "retention", _("Retention period over")
        REQUEST = "request", _("Erasure request")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.OneToOneField("people.Student", on_delete=models.CASCADE, related_name="+")
    why = models.CharField(_("why"), max_length=10, choices=Why.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    rows = models.JSONField(_("rows anonymised"), default=dict, blank=True)  # {"app.Model": count}

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"erasure {self.student_id}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("See what is held")
    CORRECTION = "correction", _("Correct it")
    ERASURE = "erasure", _("Erase it")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    DONE = "done", _("Answered by the school")
    REFUSED = "refused", _("Refused")


class PrivacyRequest(models.Model):
    """A guardian's (for their child) or an adult student's request about the child's data, answered by the
    committee through the workflow engine before `due_on`."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    text = SensitiveTextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(_("answer due"))
    answer = SensitiveTextField(_("answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-filed_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_on < timezone.localdate()


class PrivacyRequestStep(WorkflowStep):
    request = models.ForeignKey(PrivacyRequest, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=RequestStatus.choices)
    comment = SensitiveTextField(_("comment"), max_length=2000, blank=True)  # the answer may quote the request

    class Meta(WorkflowStep.Meta):
        verbose_name = _("personal data request step")
        verbose_name_plural = _("personal data request steps")


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {}
