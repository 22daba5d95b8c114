"""The charter (章程) and the division of duties (职责分工) as versioned documents (ORG-2).

Each document has versions: a draft is edited by the committee's office, submitted, approved by the leading group
(or returned), and published; publishing a version supersedes the one before. Every version is kept with who wrote,
approved and published it and when, so any two can be compared; the published one is what members read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinhuo.core.models import School
from xinhuo.core.validators import DOCUMENT_MAX
from xinhuo.core.workflow import WorkflowStep

__all__ = ["CharterDocument", "CharterKind", "CharterStep", "CharterVersion", "VersionStatus"]

BODY_MAX = DOCUMENT_MAX  # a charter is a long document, not a note


class CharterKind(models.TextChoices):
    CHARTER = "charter", _("Charter")  # 章程
    DUTIES = "duties", _("Division of duties")  # 职责分工
    RULES = "rules", _("Rules and procedures")  # 制度 (例会制度, 档案管理制度 …)


class CharterDocument(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=CharterKind.choices)
    title = models.CharField(_("title"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["kind", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "title"], name="uniq_charter_title")]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", pgettext_lazy("document version", "Withdrawn")


class CharterVersion(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(CharterDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    body = models.TextField(_("text"), max_length=BODY_MAX)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="uniq_charter_version"),
            # one version in force per document
            models.UniqueConstraint(fields=["document"], condition=Q(status="published"),
                                    name="uniq_charter_published"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class CharterStep(WorkflowStep):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=VersionStatus.choices)

    class Meta(WorkflowStep.Meta):
        verbose_name = _("document step")
        verbose_name_plural = _("document steps")


PLAIN_TEXT: dict[str, str] = {
    "CharterDocument.title": "a governing document's title (关工委章程)",
    "CharterVersion.body": "the committee's charter or duties, published to its members",
    "CharterVersion.change_note": "what a version changed",
    "CharterStep.comment": "the leading group's comment on a version",
}
