"""The 德育 assistant (RES-3): a school's setting (may students ask?) and the log the committee reads.

The log keeps the question, the cited items and the answer (encrypted: a question may describe a child's
situation), how it was answered, and never who asked, except for crisis routing, where the counsellor must know."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveTextField
from xinhuo.core.models import Role, School

__all__ = ["AssistantLog", "AssistantMode", "AssistantSettings"]


class AssistantMode(models.TextChoices):
    EXTRACTIVE = "extractive", _("Passages from the library")
    MODEL = "model", _("Model answer")
    NOTHING = "nothing", _("Nothing found")
    REFUSED = "refused", _("Refused (personal data)")
    CRISIS = "crisis", _("Crisis routing")


class AssistantSettings(models.Model):
    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    students_allowed = models.BooleanField(_("students may ask the assistant"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assistant settings")
        verbose_name_plural = _("assistant settings")

    def __str__(self) -> str:
        return f"{self.school} assistant"


class AssistantLog(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    mode = models.CharField(_("mode"), max_length=12, choices=AssistantMode.choices)
    asker_role = models.CharField(_("asked as"), max_length=20, blank=True)  # the role, not the person
    question = SensitiveTextField(_("question"), max_length=1000)  # personal numbers masked before saving
    answer = SensitiveTextField(_("answer"), max_length=8000, blank=True)
    citations = models.JSONField(default=list)  # [{"kind", "id", "title", "url"}]
    fallback = models.CharField(_("fallback reason"), max_length=200, blank=True)  # why the model was not used
    crisis = models.BooleanField(_("crisis"), default=False)
    crisis_words = models.JSONField(default=list)
    # only for crisis routing: who asked (the counsellor must reach them); null otherwise
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("asker"))

    class Meta:
        verbose_name = _("assistant log entry")
        verbose_name_plural = _("assistant log")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["school", "-asked_at"], name="library_assistant_log_school")]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} · {self.asked_at:%Y-%m-%d %H:%M}"

    @property
    def asker_role_label(self) -> str:
        return str(Role(self.asker_role).label) if self.asker_role in Role.values else self.asker_role


# Free text kept in clear on purpose (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "AssistantLog.fallback": "a technical reason (timeout, HTTP status), never the question or the answer",
}
