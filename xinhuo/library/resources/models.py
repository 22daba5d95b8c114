"""The resource library (RES-1, 德育资源库): micro-lectures (video, audio), courseware and documents, images,
articles and external links, gathered into collections (红色故事100讲, 家庭教育微课, 心理加油站 ...), rated,
favoured and counted (once per person per day), and linked to the activities and parent-school sessions they were
used in. A resource's audiences (students, parents, elders, teachers) limit who sees it (rules.py, selectors.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Grade, School
from xinhuo.core.validators import DOCUMENT_MAX

__all__ = ["Audience", "Collection", "CollectionItem", "DailyView", "Favourite", "Rating", "Resource", "ResourceKind",
           "ResourceStatus", "UsedIn"]


class ResourceKind(models.TextChoices):
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    DOCUMENT = "document", _("Document")  # courseware: Word, PDF, PowerPoint
    IMAGE = "image", _("Image")
    ARTICLE = "article", _("Article")
    LINK = "link", _("External link")


class ResourceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Audience(models.TextChoices):
    """Who a resource is for; each is a boolean column (cheap to filter and index)."""

    STUDENTS = "students", _("Students")
    PARENTS = "parents", _("Parents")
    ELDERS = "elders", _("Elders")
    TEACHERS = "teachers", _("Teachers")


def resource_path(instance, filename: str) -> str:
    return f"library/{instance.school_id}/{filename}"


class Resource(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    body = models.TextField(_("article text"), max_length=DOCUMENT_MAX, blank=True)
    # ",红色故事,英雄," - leading and trailing commas so one tag is found with icontains(",tag,")
    tags = models.CharField(_("tags"), max_length=200, blank=True)
    for_students = models.BooleanField(_("for students"), default=False)
    for_parents = models.BooleanField(_("for parents"), default=False)
    for_elders = models.BooleanField(_("for elders"), default=False)
    for_teachers = models.BooleanField(_("for teachers"), default=False)
    # students of these grades only (none: every grade); only narrows what students see
    grades = models.ManyToManyField(Grade, blank=True, related_name="+", verbose_name=_("grades"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    contributor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    file = models.FileField(_("file"), upload_to=resource_path, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    # of a PDF or Word file, for search: its first DOCUMENT_MAX characters (text.py)
    extracted_text = models.TextField(_("extracted text"), max_length=DOCUMENT_MAX, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ResourceStatus.choices,
                              default=ResourceStatus.DRAFT)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "-created_at"]),
                   models.Index(fields=["school", "status", "-view_count"])]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    @property
    def audiences(self) -> list[str]:
        return [a for a in Audience.values if getattr(self, f"for_{a}")]

    @property
    def is_media(self) -> bool:
        return self.kind in (ResourceKind.VIDEO, ResourceKind.AUDIO) and bool(self.file)


class Collection(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    resources = models.ManyToManyField(  # type: ignore[var-annotated]
        Resource, through="CollectionItem", related_name="collections")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "title"], name="uniq_library_collection_title")]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)  # 红色故事100讲: lecture 1, 2, 3 ...

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["collection", "resource"], name="uniq_library_item")]

    def __str__(self) -> str:
        return f"{self.collection_id}#{self.position}: {self.resource_id}"


class Rating(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "user"], name="uniq_library_rating"),
                       models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5),
                                              name="library_rating_stars")]

    def __str__(self) -> str:
        return f"{self.resource_id}: {self.stars}"


class Favourite(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="favourites")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["resource", "user"], name="uniq_library_favourite")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.resource_id}"


class DailyView(models.Model):
    """One row per person, resource and day: Resource.view_count grows only when this row is new."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "user", "day"], name="uniq_library_daily_view")]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.day}"


class UsedIn(models.Model):
    """A resource used in an activity or a parent-school session (exactly one of the two)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="used_in")
    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+")
    session = models.ForeignKey("family.ParentSession", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(activity__isnull=False, session__isnull=True)
                                   | models.Q(activity__isnull=True, session__isnull=False),
                                   name="library_used_in_one"),
            models.UniqueConstraint(fields=["resource", "activity"], condition=models.Q(activity__isnull=False),
                                    name="uniq_library_used_activity"),
            models.UniqueConstraint(fields=["resource", "session"], condition=models.Q(session__isnull=False),
                                    name="uniq_library_used_session"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} → {self.activity_id or self.session_id}"


PLAIN_TEXT: dict[str, str] = {
    "Resource.title": "a published teaching resource's title",
    "Resource.summary": "a resource's public summary",
    "Resource.body": "an article's text, for its audience to read",
    "Resource.tags": "tags of a resource",
    "Resource.source": "where a resource comes from",
    "Resource.licence": "a resource's licence",
    "Resource.file_name": "the stored file's name",
    "Resource.external_url": "a link to a public resource",
    "Resource.extracted_text": "the text of a published document, for search",
    "Collection.title": "a collection's name",
    "Collection.description": "a collection's description",
}
