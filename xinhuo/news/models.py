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
    # the editor has checked that every student shown in the photos has publicity consent (people.ConsentPurpose):
    # until then the public page and the WeChat export leave out every photo marked as showing students
    consent_checked = models.BooleanField(_("photos checked against publicity consent"), default=False)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "published_at"])]

    def __str__(self) -> str:
        return self.title


def news_image_path(instance, filename: str) -> str:
    return f"news/{instance.item.school_id}/{instance.item_id}/{filename}"


class NewsImage(models.Model):
    """A picture added to a news item by its editor (checked and re-encoded by core.uploads)."""

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("picture"), upload_to=news_image_path, max_length=255)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    # safe by default: a picture is taken to show students unless the editor says it does not
    shows_students = models.BooleanField(_("shows students"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("news picture")
        verbose_name_plural = _("news pictures")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.image.name


class PublicitySettings(models.Model):
    """A school's choices for its public pages (RES-4): both off until the director turns them on."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    news_public = models.BooleanField(_("news page public"), default=False)
    honours_public = models.BooleanField(_("honour wall public"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("publicity settings")
        verbose_name_plural = _("publicity settings")

    def __str__(self) -> str:
        return f"{self.school_id}: news {self.news_public}, honours {self.honours_public}"


# Free text kept in clear on purpose, with the reason (docs/architecture.md, "Sensitive data"); any other text about
# a person is a Sensitive*Field (core.crypto). core/tests/test_encrypted_at_rest.py fails on a text field in neither.
PLAIN_TEXT: dict[str, str] = {
    "NewsItem.body": "published news",
    "NewsImage.caption": "a published picture's caption",
}
