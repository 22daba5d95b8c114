"""Writes of the archive (GOV-2): a record uploaded by hand, a record's catalogue fields corrected (its retention
date recomputed), and the appraisal of a record past its retention: destruction confirmed (a note required; the
file leaves storage, the catalogue row stays, marked destroyed) or the retention extended (a later date). Each is
logged as an ArchiveEvent. Nothing is ever deleted otherwise. Every refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.uploads import check_file, process_later
from xinhuo.core.validators import choose_one_of, clean_text

from .filing import DEFAULT_RETENTION, file_record, keep_until
from .models import ArchiveCategory, ArchiveEvent, ArchiveRecord, EventKind, RecordStatus, Retention
from .rules import can

TITLE_MAX = 200
KEYWORDS_MAX = 200
NOTE_MAX = 300
FILE_MAX_BYTES = 20 * 1024 * 1024
EARLIEST = dt.date(1950, 1, 1)


def _fields(*, category: str, title: str, dated, keywords: str, retention: str, errors: dict) -> dict:
    if category not in ArchiveCategory.values:
        errors["category"] = choose_one_of(ArchiveCategory)
    title = clean_text(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the record a title, such as 2025年度关工委工作总结.")
    keywords = " ".join(clean_text(keywords, KEYWORDS_MAX, "keywords", errors).split())
    if retention and retention not in Retention.values:
        errors["retention"] = choose_one_of(Retention)
    if not isinstance(dated, dt.date):
        errors["dated"] = _("Enter the date of the record.")
    elif not EARLIEST <= dated <= timezone.localdate():
        errors["dated"] = _("Enter a date between 1950 and today.")
    return {"title": title, "keywords": keywords, "retention": retention}


@audited
@transaction.atomic
def record_upload(*, actor: Actor, category: str, title: str, dated: dt.date | None, keywords: str = "",
                  retention: str = "", upload=None) -> ArchiveRecord:
    """A record filed by hand (the committee): its file (a PDF, an Office file or a photo, checked like every
    upload) and its catalogue fields; the retention is the category's unless chosen."""
    actor.require("governance.archives.manage")
    errors: dict[str, Any] = {}
    clean = _fields(category=category, title=title, dated=dated, keywords=keywords, retention=retention,
                    errors=errors)
    checked = None
    if not upload:
        errors["upload"] = _("Choose the record's file.")
    else:
        try:
            checked = check_file(upload, max_bytes=FILE_MAX_BYTES)
        except ValidationError as exc:
            errors["upload"] = exc.messages
    if errors or checked is None or not isinstance(dated, dt.date):
        raise ValidationError(errors)
    record = file_record(school_id=actor.school.pk, category=category, title=clean["title"], dated=dated,
                         keywords=clean["keywords"], retention=clean["retention"], by_user=actor.user)
    record.file = checked.content  # a random name; a photo's "pending-" until the worker strips its metadata
    record.file_name = checked.original_name[:150]
    with acting(actor.user):
        record.save(update_fields=["file", "file_name"])
    process_later(record, "file")
    return record


@audited
@transaction.atomic
def record_edit(*, actor: Actor, record: ArchiveRecord, category: str, title: str, keywords: str = "",
                retention: str = "", dated: dt.date | None = None) -> ArchiveRecord:
    """Correct a kept record's category, title, keywords, date or retention (the committee); its retention date is
    computed again. Its archive number stays: it is the record's name in every list printed before."""
    if not can(actor, "manage_record", record):
        raise Http404
    current = lock(ArchiveRecord, record.pk)
    if current.status != RecordStatus.KEPT:
        raise ValidationError(_("This record was destroyed: its catalogue entry is kept as it was."))
    dated = dated or current.dated
    errors: dict[str, Any] = {}
    clean = _fields(category=category, title=title, dated=dated, keywords=keywords, retention=retention,
                    errors=errors)
    if errors:
        raise ValidationError(errors)
    current.category, current.title, current.keywords, current.dated = (category, clean["title"], clean["keywords"],
                                                                        dated)
    current.retention = clean["retention"] or DEFAULT_RETENTION[category]
    current.keep_until = keep_until(dated, current.retention)
    with acting(actor.user):
        current.save(update_fields=["category", "title", "keywords", "dated", "retention", "keep_until"])
    return current


@audited
@transaction.atomic
def record_extend(*, actor: Actor, record: ArchiveRecord, until: dt.date | None, note: str = "") -> ArchiveRecord:
    """Keep a record longer (the committee): a new retention date later than today, logged with its reason."""
    if not can(actor, "manage_record", record):
        raise Http404
    current = lock(ArchiveRecord, record.pk)
    errors: dict[str, Any] = {}
    if current.status != RecordStatus.KEPT:
        raise ValidationError(_("This record was destroyed: it cannot be kept longer."))
    if current.keep_until is None:
        raise ValidationError(_("This record is kept permanently already."))
    today = timezone.localdate()
    if not isinstance(until, dt.date):
        errors["until"] = _("Enter the new date until which the record is kept.")
    elif until <= today:
        errors["until"] = _("The new date must be later than today.")
    elif until.year > today.year + 100:
        errors["until"] = _("Enter a date within a hundred years, or choose to keep it permanently.")
    note = clean_text(note, NOTE_MAX, "note", errors)
    if errors or not isinstance(until, dt.date):
        raise ValidationError(errors)
    current.keep_until = until
    with acting(actor.user):
        current.save(update_fields=["keep_until"])
    ArchiveEvent.objects.create(school=current.school, record=current, kind=EventKind.EXTENDED, note=note,
                                keep_until=until, by=actor.user)
    return current


@audited
@transaction.atomic
def record_destroy(*, actor: Actor, record: ArchiveRecord, note: str) -> ArchiveRecord:
    """Confirm the destruction of a record past its retention (the committee): why and how, in a note. The file
    leaves storage once the decision is committed; the catalogue row stays (number, title, dates), marked
    destroyed, with the event naming who confirmed it."""
    if not can(actor, "manage_record", record):
        raise Http404
    current = lock(ArchiveRecord, record.pk)
    if current.status != RecordStatus.KEPT:
        raise ValidationError(_("This record was destroyed already."))
    today = timezone.localdate()
    if current.keep_until is None or current.keep_until >= today:
        raise ValidationError(_("Only a record past its retention date can be destroyed; this one is kept %(until)s.")
                              % {"until": current.keep_until.isoformat() if current.keep_until else _("permanently")})
    errors: dict[str, Any] = {}
    note = clean_text(note, NOTE_MAX, "note", errors)
    if not note and "note" not in errors:
        errors["note"] = _("Say how the record was appraised and destroyed (who, how), for the archive's log.")
    if errors:
        raise ValidationError(errors)
    old = current.file.name if current.file else ""
    current.status = RecordStatus.DESTROYED
    current.file = ""
    with acting(actor.user):
        current.save(update_fields=["status", "file"])
    ArchiveEvent.objects.create(school=current.school, record=current, kind=EventKind.DESTROYED, note=note,
                                by=actor.user)
    if old:
        storage = ArchiveRecord._meta.get_field("file").storage  # type: ignore[attr-defined]
        transaction.on_commit(lambda: storage.delete(old))
    return current
