"""News (宣传): what the committee did, told to the school. An activity's "publish as news" makes a draft here
(ACT-5); the committee edits it and publishes it. A small model until the library module (LIB) takes it over."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NewsItem(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), max_length=20000)
    status = models.CharField(_("status"), max_length=10, choices=NewsStatus.choices, default=NewsStatus.DRAFT)
    # the activity it tells of; its photos illustrate the item
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="news", verbose_name=_("activity"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "published_at"])]

    def __str__(self) -> str:
        return self.title


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "NewsItem.body": "published news",
}
