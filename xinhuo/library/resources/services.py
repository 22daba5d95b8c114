"""Writes of the resource library (RES-1): a resource added or changed (its file checked by content and size, a
picture re-encoded by the worker, a document's text extracted for search), a collection added or changed, a
rating, a favourite, a view (counted once per person per day), and a resource's link to an activity or a
parent-school session. Every refusal says why and writes nothing."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.models import Grade
from xinhuo.core.uploads import AUDIO_TYPES, MB, check_file, check_image, process_later, upload_name
from xinhuo.core.validators import DOCUMENT_MAX, choose_one_of, clean_text

from .models import (
    Audience,
    Collection,
    CollectionItem,
    DailyView,
    Favourite,
    Rating,
    Resource,
    ResourceKind,
    ResourceStatus,
    UsedIn,
)
from .rules import can
from .text import extract

K = ResourceKind
TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = DOCUMENT_MAX
TAGS_MAX = 200
TAG_MAX = 20
SOURCE_MAX = 200
LICENCE_MAX = 100
URL_MAX = 500
COLLECTION_TITLE_MAX = 100
COLLECTION_DESCRIPTION_MAX = 2000
MAX_VIDEO_BYTES = 300 * MB
MAX_AUDIO_BYTES = 50 * MB
MAX_DOCUMENT_BYTES = 30 * MB
MAX_IMAGE_BYTES = 10 * MB
# courseware: PDF, Word and PowerPoint (Office Open XML; the old .doc/.ppt are not accepted, docs/library.md)
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
VIDEO_TYPES = {"mp4": "video/mp4"}
MEDIA_TYPES = {**VIDEO_TYPES, **AUDIO_TYPES}
FILE_KINDS = frozenset({K.VIDEO, K.AUDIO, K.DOCUMENT, K.IMAGE})
MEDIA_KINDS = frozenset({K.VIDEO, K.AUDIO})


def content_type(resource: Resource) -> str:
    """The media type of a stored video or audio file, by its (random, checked) extension."""
    ext = PurePath(resource.file.name).suffix.lower().lstrip(".")
    return MEDIA_TYPES.get(ext) or DOCUMENT_TYPES.get(ext) or "application/octet-stream"


def _check_video(upload):
    """An MP4 video by its ftyp box, at most MAX_VIDEO_BYTES; stored as uploaded (streamed, never read whole)."""
    name = upload_name(upload)
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext not in VIDEO_TYPES:
        raise ValidationError(_("“%(name)s”: a video must be an MP4 file.") % {"name": name}, code="file_type")
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_VIDEO_BYTES:
        raise ValidationError(_("“%(name)s” is too large: a video can be at most %(max)d MB.")
                              % {"name": name, "max": MAX_VIDEO_BYTES // MB}, code="too_large")
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if size == 0 or head[4:8] != b"ftyp":
        raise ValidationError(_("“%(name)s” is not really an MP4 video; it may be damaged or renamed.")
                              % {"name": name}, code="file_content")
    upload.name = f"{uuid.uuid4().hex}.mp4"
    return upload, name, size, ""


def check_upload(kind: str, upload) -> tuple[Any, str, int, str]:
    """(content to store, the uploader's file name, size, extracted text) for a resource of this kind; raises
    ValidationError for a file of the wrong type (by its content), too large or empty."""
    if kind == K.VIDEO:
        return _check_video(upload)
    if kind == K.IMAGE:
        checked = check_image(upload, max_bytes=MAX_IMAGE_BYTES)
        return checked.content, checked.original_name, checked.size, ""
    allowed, limit = (AUDIO_TYPES, MAX_AUDIO_BYTES) if kind == K.AUDIO else (DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    checked = check_file(upload, allowed=allowed, max_bytes=limit)
    text = ""
    if kind == K.DOCUMENT:
        checked.content.seek(0)
        text = extract(PurePath(checked.content.name or "").suffix.lower().lstrip("."), checked.content.read())
        checked.content.seek(0)
    return checked.content, checked.original_name, checked.size, text


def clean_tags(value: str, errors: dict) -> str:
    """"红色故事, 英雄 ，长征" -> ",红色故事,英雄,长征," (stored with edge commas: one tag is found by ",tag,")."""
    words = (value or "").replace("，", ",").replace("、", ",").replace(";", ",").split(",")
    tags: list[str] = []
    for word in words:
        word = " ".join(word.split())
        if not word or word in tags:
            continue
        if len(word) > TAG_MAX:
            errors["tags"] = _("A tag has at most %(n)d characters: “%(tag)s”.") % {"n": TAG_MAX, "tag": word}
            return ""
        tags.append(word)
    joined = f",{','.join(tags)}," if tags else ""
    if len(joined) > TAGS_MAX:
        errors["tags"] = _("Too many tags: keep them under %(n)d characters in all.") % {"n": TAGS_MAX - 2}
    return joined


def _clean_url(url: str, errors: dict) -> str:
    url = (url or "").strip()
    if url and not url.startswith(("https://", "http://")):
        errors["external_url"] = _("Give a web address starting with https://.")
    elif len(url) > URL_MAX:
        errors["external_url"] = _("A web address has at most %(n)d characters.") % {"n": URL_MAX}
    return url


@audited
@transaction.atomic
def resource_save(*, actor: Actor, resource: Resource | None = None, kind: str, title: str, summary: str = "",
                  body: str = "", tags: str = "", audiences=(), grades=(), source: str = "", licence: str = "",
                  external_url: str = "", upload=None, status: str = ResourceStatus.DRAFT,
                  collections=()) -> Resource:
    """Add a resource (a contributor) or change one (its contributor or a manager): a video or audio file or a link
    to one, a document, a picture, an article's text or an external link; who it is for; its collections."""
    if resource is None:
        actor.require("library.contribute")
    else:
        if not can(actor, "edit_resource", resource):
            raise Http404
        resource = lock(Resource, resource.pk, school=actor.school)
    errors: dict[str, Any] = {}
    if kind not in K.values:
        errors["kind"] = choose_one_of(K)
    title = clean_text(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the resource a title, such as 红色故事：狼牙山五壮士.")
    summary = clean_text(summary, SUMMARY_MAX, "summary", errors)
    body = clean_text(body, BODY_MAX, "body", errors)
    source = clean_text(source, SOURCE_MAX, "source", errors)
    licence = clean_text(licence, LICENCE_MAX, "licence", errors)
    tag_text = clean_tags(tags, errors)
    external_url = _clean_url(external_url, errors)
    audiences = [a for a in (audiences or []) if a]
    if not audiences:
        errors["audiences"] = _("Say who the resource is for: students, parents, elders or teachers.")
    elif any(a not in Audience.values for a in audiences):
        errors["audiences"] = choose_one_of(Audience)
    grade_ids = sorted({int(getattr(g, "pk", g)) for g in (grades or [])})
    grade_rows = list(Grade.objects.filter(school=actor.school, pk__in=grade_ids))
    if len(grade_rows) != len(grade_ids):
        errors["grades"] = _("Choose grades of this school.")
    elif grade_rows and Audience.STUDENTS not in audiences:
        errors["grades"] = _("Grades narrow what students see: choose students among the audiences too.")
    collection_ids = sorted({int(getattr(c, "pk", c)) for c in (collections or [])})
    collection_rows = list(Collection.objects.filter(school=actor.school, pk__in=collection_ids))
    if len(collection_rows) != len(collection_ids):
        errors["collections"] = _("Choose collections of this library.")
    if status not in ResourceStatus.values:
        errors["status"] = choose_one_of(ResourceStatus)
    stored = None
    if upload and kind in FILE_KINDS:
        try:
            stored = check_upload(kind, upload)
        except ValidationError as exc:
            errors["upload"] = exc.messages
    elif upload and kind in K.values:
        errors["upload"] = _("An article or a link has no file: leave the file empty.")
    keeps_file = resource is not None and bool(resource.file) and resource.kind == kind
    has_file = stored is not None or keeps_file
    if "upload" not in errors and kind in K.values:
        if kind in MEDIA_KINDS and not has_file and not external_url:
            errors["upload"] = _("Upload the video or audio file, or give the link to it.")
        elif kind in (K.DOCUMENT, K.IMAGE) and not has_file:
            errors["upload"] = _("Choose the file to upload.")
        elif kind == K.ARTICLE and not body and "body" not in errors:
            errors["body"] = _("Write the article's text.")
        elif kind == K.LINK and not external_url and "external_url" not in errors:
            errors["external_url"] = _("Give the web address of the resource.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    old_file = ""
    if resource is None:
        resource = Resource(school=actor.school, contributor=actor.user, created_at=now)
    elif resource.file and (stored is not None or not keeps_file or kind not in FILE_KINDS):
        old_file = resource.file.name
        resource.file, resource.file_name, resource.size, resource.extracted_text = "", "", 0, ""
    resource.kind, resource.title, resource.summary, resource.tags = kind, title, summary, tag_text
    resource.body = body  # an article's text; for other kinds an optional transcript or note
    resource.source, resource.licence, resource.status, resource.updated_at = source, licence, status, now
    resource.external_url = external_url if kind in (K.LINK, *MEDIA_KINDS) else ""
    for audience in Audience.values:
        setattr(resource, f"for_{audience}", audience in audiences)
    if stored is not None:
        resource.file, resource.file_name, resource.size, resource.extracted_text = (
            stored[0], stored[1][:150], stored[2], stored[3])
    with acting(actor.user):
        resource.save()
    resource.grades.set(grade_rows)
    _set_collections(resource, collection_rows)
    if stored is not None and kind == K.IMAGE:
        process_later(resource, "file", size_field="size")
    if old_file:
        storage = Resource._meta.get_field("file").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(old_file))
    return resource


def _set_collections(resource: Resource, rows: list[Collection]) -> None:
    """The resource in exactly these collections; a collection it joins takes it at its end."""
    wanted = {c.pk for c in rows}
    CollectionItem.objects.filter(resource=resource).exclude(collection_id__in=wanted).delete()
    have = set(CollectionItem.objects.filter(resource=resource).values_list("collection_id", flat=True))
    for pk in sorted(wanted - have):
        last = CollectionItem.objects.filter(collection_id=pk).aggregate(m=Max("position"))["m"] or 0
        CollectionItem.objects.create(collection_id=pk, resource=resource, position=last + 1)


@audited
@transaction.atomic
def collection_save(*, actor: Actor, collection: Collection | None = None, title: str, description: str = "",
                    order: int | None = 0) -> Collection:
    """Add or change a collection (the committee): its title (unique in the library), description and place."""
    actor.require("library.manage")
    if collection is not None:
        collection = lock(Collection, collection.pk, school=actor.school)
    errors: dict[str, Any] = {}
    title = clean_text(title, COLLECTION_TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the collection a title, such as 红色故事100讲.")
    description = clean_text(description, COLLECTION_DESCRIPTION_MAX, "description", errors)
    if order is None or not 0 <= int(order) <= 999:
        errors["order"] = _("The place is a number from 0 to 999.")
    clash = Collection.objects.filter(school=actor.school, title=title)
    if collection is not None:
        clash = clash.exclude(pk=collection.pk)
    if title and clash.exists():
        errors["title"] = _("The library has a collection of this title already.")
    if errors:
        raise ValidationError(errors)
    collection = collection or Collection(school=actor.school)
    collection.title, collection.description, collection.order = title, description, int(order or 0)
    with acting(actor.user):
        collection.save()
    return collection


@audited
@transaction.atomic
def collection_delete(*, actor: Actor, collection: Collection) -> str:
    """Take a collection out of the library (the committee). Its resources stay, in their other collections and in
    the list; only the grouping and its order go. Returns the title, for the message."""
    actor.require("library.manage")
    collection = lock(Collection, collection.pk, school=actor.school)
    title = collection.title
    with acting(actor.user):
        CollectionItem.objects.filter(collection=collection).delete()
        collection.delete()
    return title


@transaction.atomic
def collection_move(*, actor: Actor, collection: Collection, resource: Resource, up: bool) -> None:
    """Move a resource one place up or down in a collection (the committee): it swaps with its neighbour."""
    actor.require("library.manage")
    items = list(CollectionItem.objects.select_for_update().filter(collection=collection).order_by("position", "pk"))
    index = next((i for i, item in enumerate(items) if item.resource_id == resource.pk), None)
    if index is None:
        raise Http404
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    CollectionItem.objects.bulk_update(items, ["position"])


def _viewable(actor: Actor, resource: Resource) -> None:
    if not actor.can("library.view") or not can(actor, "view_resource", resource):
        raise Http404


@transaction.atomic
def favourite_toggle(*, actor: Actor, resource: Resource) -> bool:
    """Add the resource to the actor's favourites, or take it out; returns whether it is a favourite now."""
    _viewable(actor, resource)
    deleted, _rows = Favourite.objects.filter(resource=resource, user=actor.user).delete()
    if deleted:
        return False
    Favourite.objects.create(resource=resource, user=actor.user)
    return True


@transaction.atomic
def resource_rate(*, actor: Actor, resource: Resource, stars) -> Rating:
    """The actor's rating of a published resource, 1 to 5 stars; rating again replaces it."""
    _viewable(actor, resource)
    if resource.status != ResourceStatus.PUBLISHED:
        raise ValidationError({"stars": _("A draft cannot be rated yet.")})
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give 1 to 5 stars.")})
    rating, _created = Rating.objects.update_or_create(resource=resource, user=actor.user,
                                                       defaults={"stars": stars, "at": timezone.now()})
    return rating


def view_record(*, actor: Actor, resource: Resource) -> bool:
    """Count a view of a published resource, once per person per day; returns whether this one counted. Not in the
    access log: a resource is not personal data."""
    _viewable(actor, resource)
    if resource.status != ResourceStatus.PUBLISHED:
        return False
    day = timezone.localdate()
    if DailyView.objects.filter(resource=resource, user=actor.user, day=day).exists():
        return False
    try:
        with transaction.atomic():
            DailyView.objects.create(resource=resource, user=actor.user, day=day)
            Resource.objects.filter(pk=resource.pk).update(view_count=F("view_count") + 1)
    except IntegrityError:  # the same person's second tab, at the same moment
        return False
    return True


@audited
@transaction.atomic
def used_in_add(*, actor: Actor, resource: Resource, activity: int | None = None,
                session: int | None = None) -> UsedIn:
    """Link a resource to an activity or a parent-school session it was used in (who may edit the resource, of an
    activity or session they see)."""
    if not can(actor, "edit_resource", resource):
        raise Http404
    if bool(activity) == bool(session):
        raise ValidationError({"activity": _("Choose an activity or a parent-school session.")})
    if activity:
        from xinhuo.activities import selectors as activity_selectors

        found = activity_selectors.activities(actor).filter(pk=activity).first()
        if found is None:
            raise ValidationError({"activity": _("Choose an activity you can see.")})
        link, _created = UsedIn.objects.get_or_create(resource=resource, activity=found, defaults={"by": actor.user})
        return link
    lecture = None
    if actor.can("family.school.view") and session:
        from xinhuo.family.school import selectors as school_selectors

        lecture = school_selectors.sessions(actor).filter(pk=session).first()
    if lecture is None:
        raise ValidationError({"session": _("Choose a parent-school session you can see.")})
    link, _created = UsedIn.objects.get_or_create(resource=resource, session=lecture, defaults={"by": actor.user})
    return link


@audited
@transaction.atomic
def used_in_remove(*, actor: Actor, resource: Resource, link_id: int) -> None:
    if not can(actor, "edit_resource", resource):
        raise Http404
    deleted, _rows = UsedIn.objects.filter(resource=resource, pk=link_id).delete()
    if not deleted:
        raise Http404
