"""Writes of the school history (RES-5): an item added or changed by the committee or a curator elder. Its file is
checked by content and size: a photo (also the photo of an object) re-encoded by the worker, a document (PDF,
Word) checked, an oral-history recording (MP3, M4A, OGG, WAV) checked and later streamed with ranges. Every
refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.uploads import AUDIO_TYPES, MB, check_file, check_image, process_later
from xinhuo.core.validators import choose_one_of, clean_text

from .models import YEAR_MAX, YEAR_MIN, HistoryItem, HistoryKind, HistoryStatus, HistoryTheme
from .rules import can
from .selectors import contributor_choices

K = HistoryKind
TITLE_MAX = 200
STORY_MAX = 20000
MAX_IMAGE_BYTES = 10 * MB
MAX_DOCUMENT_BYTES = 30 * MB
MAX_AUDIO_BYTES = 80 * MB  # an hour of an elder telling, at a phone's recording quality
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
IMAGE_KINDS = frozenset({K.PHOTO, K.OBJECT})


def content_type(item: HistoryItem) -> str:
    ext = PurePath(item.file.name).suffix.lower().lstrip(".")
    return AUDIO_TYPES.get(ext) or DOCUMENT_TYPES.get(ext) or "application/octet-stream"


def check_upload(kind: str, upload):
    """(content to store, the uploader's name, size) for an item of this kind; ValidationError otherwise."""
    if kind in IMAGE_KINDS:
        checked = check_image(upload, max_bytes=MAX_IMAGE_BYTES)
    elif kind == K.ORAL_HISTORY:
        checked = check_file(upload, allowed=AUDIO_TYPES, max_bytes=MAX_AUDIO_BYTES)
    else:
        checked = check_file(upload, allowed=DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES)
    return checked.content, checked.original_name, checked.size


def _year(value, errors: dict) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    this_year = timezone.localdate().year
    if year is None or not YEAR_MIN <= year <= min(YEAR_MAX, this_year):
        errors["year"] = _("Give the year as four digits, from %(min)d to %(max)d.") % {
            "min": YEAR_MIN, "max": this_year}
        return None
    return year


@audited
@transaction.atomic
def item_save(*, actor: Actor, item: HistoryItem | None = None, kind: str, title: str, year, theme: str,
              date: dt.date | None = None, story: str = "", contributors=(), upload=None,
              status: str = HistoryStatus.DRAFT) -> HistoryItem:
    """Add an item (the committee, a curator elder) or change one (the committee, or a curator contributing to
    it). A curator who adds an item is one of its contributors."""
    if item is None:
        actor.require("library.history.contribute")
        if not can(actor, "create_item"):
            raise Http404
    else:
        if not can(actor, "edit_item", item):
            raise Http404
        item = lock(HistoryItem, item.pk, school=actor.school)
    errors: dict[str, Any] = {}
    if kind not in K.values:
        errors["kind"] = choose_one_of(K)
    if theme not in HistoryTheme.values:
        errors["theme"] = choose_one_of(HistoryTheme)
    if status not in HistoryStatus.values:
        errors["status"] = choose_one_of(HistoryStatus)
    title = clean_text(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the item a title, such as 1958年第一届毕业生合影.")
    story = clean_text(story, STORY_MAX, "story", errors)
    year = _year(year, errors)
    if date is not None and year is not None and date.year != year:
        errors["date"] = _("The date is not in the year given.")
    ids = sorted({int(getattr(u, "pk", u)) for u in (contributors or [])})
    people = list(contributor_choices(actor.school).filter(pk__in=ids))
    if len(people) != len(ids):
        errors["contributors"] = _("Choose contributors among the school-history curators and the committee.")
    stored = None
    if upload:
        if kind in K.values:
            try:
                stored = check_upload(kind, upload)
            except ValidationError as exc:
                errors["upload"] = exc.messages
    elif kind in (K.PHOTO, K.DOCUMENT, K.ORAL_HISTORY) and not (item is not None and item.file
                                                                   and item.kind == kind):
        errors["upload"] = _("Choose the file to upload: the photo, the document or the recording.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    old_file = ""
    if item is None:
        item = HistoryItem(school=actor.school, created_by=actor.user, created_at=now)
    elif item.file and (stored is not None or item.kind != kind):
        old_file = item.file.name
        item.file, item.file_name, item.size = "", "", 0
    item.kind, item.title, item.year, item.date, item.theme = kind, title, year, date, theme
    item.story, item.status, item.updated_at = story, status, now
    if stored is not None:
        item.file, item.file_name, item.size = stored[0], stored[1][:150], stored[2]
    with acting(actor.user):
        item.save()
    if actor.can("library.history.manage"):
        item.contributors.set(people)
    else:  # a curator stays a contributor of what they edit (else they would lock themselves out)
        item.contributors.set({*people, actor.user})
    from xinhuo.library.search.indexing import on_save as index_again

    index_again(HistoryItem, item)  # the save indexed it before its contributors were set: their names now
    if stored is not None and kind in IMAGE_KINDS:
        process_later(item, "file", size_field="size")
    if old_file:
        storage = HistoryItem._meta.get_field("file").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(old_file))
    return item
