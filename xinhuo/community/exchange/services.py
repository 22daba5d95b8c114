"""Writes of the exchange with peer committees (COM-5): `<entity>_<action>(*, actor, ...)`, one transaction each,
the permission first (another school's record or a role without the capability: 404), then the input (a Chinese
message by field, nothing written), the change history naming the actor, and the entry_changed signal.

Files are checked by core.uploads (type by content, size) before anything is written and stored through the
field's storage; photos are stripped of their metadata by the task worker."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor, roles_with
from xinhuo.core.audit import audited
from xinhuo.core.crypto import normalise_phone
from xinhuo.core.models import Membership
from xinhuo.core.uploads import check_file, check_images, process_later
from xinhuo.core.validators import MOBILE, choose_one_of, clean_text

from . import signals
from .models import (
    CONTACT_MAX,
    DONE_NOTE_MAX,
    NAME_MAX,
    NOTE_MAX,
    PEOPLE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Direction,
    EntryKind,
    ExchangeEntry,
    ExchangePhoto,
    Peer,
    PeerKind,
)
from .rules import can

if TYPE_CHECKING:
    from xinhuo.core.models import User

LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
PHOTOS_AT_ONCE = 9
MAX_PHOTOS = 30
FUTURE_DAYS = 366  # an entry may be logged ahead (a meeting announced), at most a year


def _require(actor: Actor, rule: str, obj) -> None:
    if not can(actor, rule, obj):
        raise Http404


def _require_manager(actor: Actor) -> None:
    actor.require("community.exchange.manage")


def clean_phone(value: str | None, errors: dict) -> str:
    """A mainland mobile (13812345678) or a landline with its area code (0571-87654321); '' stays ''."""
    text = (value or "").strip()
    if not text:
        return ""
    compact = normalise_phone(text)
    if MOBILE.match(compact):
        return compact
    spaced = re.sub(r"[\s\u3000]", "", text).replace("—", "-").replace("－", "-")
    if LANDLINE.match(spaced):
        return spaced
    errors["contact_phone"] = _("Enter a mobile number (13812345678) or a landline with its area code "
                                "(0571-87654321).")
    return text


# --- peers ----------------------------------------------------------------------------------------------------


def _peer_fields(actor: Actor, peer: Peer | None, *, name: str, kind: str, contact_name: str, contact_phone: str,
                 since: dt.date | None, note: str) -> dict:
    errors: dict = {}
    name = clean_text(name, NAME_MAX, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Give the peer committee's name, e.g. 县关工委.")
    elif name and Peer.objects.filter(school=actor.school, name=name).exclude(pk=peer.pk if peer else 0).exists():
        errors["name"] = _("A peer committee of this name is already in the list.")
    if kind not in PeerKind.values:
        errors["kind"] = choose_one_of(PeerKind)
    contact_name = clean_text(contact_name, CONTACT_MAX, "contact_name", errors)
    phone = clean_phone(contact_phone, errors)
    if since is not None and since > timezone.localdate():
        errors["since"] = _("The relation cannot begin after today.")
    note = clean_text(note, NOTE_MAX, "note", errors)
    if errors:
        raise ValidationError(errors)
    return {"name": name, "kind": kind, "contact_name": contact_name, "contact_phone": phone, "since": since,
            "note": note}


@audited
@transaction.atomic
def peer_create(*, actor: Actor, name: str, kind: str = PeerKind.SISTER, contact_name: str = "",
                contact_phone: str = "", since: dt.date | None = None, note: str = "") -> Peer:
    _require_manager(actor)
    fields = _peer_fields(actor, None, name=name, kind=kind, contact_name=contact_name, contact_phone=contact_phone,
                          since=since, note=note)
    return Peer.objects.create(school=actor.school, created_by=actor.user, **fields)


@audited
@transaction.atomic
def peer_update(*, actor: Actor, peer: Peer, name: str, kind: str, contact_name: str = "",
                contact_phone: str | None = None, since: dt.date | None = None, note: str = "",
                active: bool = True) -> Peer:
    """Change a peer; `contact_phone=None` keeps the number (a form that showed it masked)."""
    _require(actor, "manage", peer)
    fields = _peer_fields(actor, peer, name=name, kind=kind, contact_name=contact_name,
                          contact_phone=peer.contact_phone if contact_phone is None else contact_phone,
                          since=since, note=note)
    for key, value in fields.items():
        setattr(peer, key, value)
    peer.active = bool(active)
    peer.save()
    return peer


@audited
@transaction.atomic
def peer_delete(*, actor: Actor, peer: Peer) -> None:
    """Only a peer entered by mistake: one with exchanges stays in the log (mark it inactive instead)."""
    _require(actor, "manage", peer)
    if peer.entries.exists():
        raise ValidationError(_("This peer committee has exchanges in the log: mark it inactive instead of "
                                "deleting it."))
    peer.delete()


# --- entries --------------------------------------------------------------------------------------------------


def _owner_ok(actor: Actor, owner: User | None) -> bool:
    return owner is not None and owner.is_active and Membership.objects.filter(
        school=actor.school, user=owner, role__in=list(roles_with("community.exchange.view"))).exists()


def _entry_fields(actor: Actor, entry: ExchangeEntry | None, *, peer: Peer | None, kind: str, date: dt.date | None,
                  title: str, direction: str, participants: str, summary: str, activity, to_handle: bool,
                  due: dt.date | None, owner: User | None, photos_now: int, photos: list) -> tuple[dict, list]:
    errors: dict = {}
    if peer is None or peer.school_id != actor.school.pk:
        errors["peer"] = _("Choose the peer committee.")
    elif not peer.active and (entry is None or entry.peer_id != peer.pk):
        errors["peer"] = _("This peer committee is marked inactive: make it active again first.")
    if kind not in EntryKind.values:
        errors["kind"] = choose_one_of(EntryKind)
    today = timezone.localdate()
    if date is None:
        errors["date"] = _("Give the date.")
    elif date > today + dt.timedelta(days=FUTURE_DAYS):
        errors["date"] = _("The date is more than a year ahead.")
    elif date.year < 2000:
        errors["date"] = _("The date is too far back.")
    title = clean_text(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the exchange a title, e.g. 县关工委秋季工作推进会.")
    participants = clean_text(participants, PEOPLE_MAX, "participants", errors)
    summary = clean_text(summary, SUMMARY_MAX, "summary", errors)
    if kind in (EntryKind.VISIT, EntryKind.DOCUMENT):
        if direction not in Direction.values:
            errors["direction"] = (_("Say who visited whom: they came to us, or we went to them.")
                                   if kind == EntryKind.VISIT else _("Say whether the document was sent or "
                                                                     "received."))
    else:
        direction = ""
    if activity is not None and kind != EntryKind.ACTIVITY:
        activity = None  # only a shared activity links to one
    if activity is not None and activity.school_id != actor.school.pk:
        errors["activity"] = _("Choose an activity of this school.")
    if to_handle:
        if kind != EntryKind.DOCUMENT or direction != Direction.IN or (
                peer is not None and peer.kind != PeerKind.HIGHER):
            errors["to_handle"] = _("Only a document received from a higher-level committee can be marked to "
                                    "handle.")
        if due is None:
            errors["due"] = _("Give the date it must be handled by.")
        elif date is not None and due < date:
            errors["due"] = _("The due date cannot be before the document's date.")
        if owner is None:
            errors["owner"] = _("Choose who handles it.")
        elif not _owner_ok(actor, owner):
            errors["owner"] = _("Choose a staff member of this school with an active account.")
    else:
        due, owner = None, None
    if photos and photos_now + len(photos) > MAX_PHOTOS:
        errors["photos"] = _("An exchange keeps at most %(n)d photos.") % {"n": MAX_PHOTOS}
    checked_photos = []
    if photos and "photos" not in errors:
        try:
            checked_photos = check_images(photos, max_count=PHOTOS_AT_ONCE)
        except ValidationError as exc:
            errors["photos"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return ({"peer": peer, "kind": kind, "date": date, "title": title, "direction": direction,
             "participants": participants, "summary": summary, "activity": activity, "to_handle": bool(to_handle),
             "due": due, "owner": owner}, checked_photos)


def _check_upload(upload, errors: dict):
    if not upload:
        return None
    try:
        return check_file(upload)
    except ValidationError as exc:
        errors["file"] = exc.messages
        return None


def _store(actor: Actor, entry: ExchangeEntry, checked_file, checked_photos) -> None:
    if checked_file is not None:
        old = entry.file.name if entry.file else ""
        entry.file = checked_file.content
        entry.file_name = checked_file.original_name[:150]
        entry.content_type = checked_file.content_type
        entry.size = checked_file.size
        entry.save(update_fields=["file", "file_name", "content_type", "size", "updated_at"])
        process_later(entry, "file", size_field="size")  # a scanned picture is finished by the task worker
        if old:
            storage = entry.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    for c in checked_photos:
        photo = ExchangePhoto.objects.create(entry=entry, image=c.content, uploaded_by=actor.user)
        process_later(photo, "image")


def _validated(actor: Actor, entry: ExchangeEntry | None, upload, photos, **kwargs):
    """Every check, the file's and photos' too, before anything is written: one refusal names every problem."""
    errors: dict = {}
    checked_file = _check_upload(upload, errors)
    try:
        fields, checked_photos = _entry_fields(actor, entry, photos=[p for p in photos or [] if p], **kwargs)
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
        raise ValidationError(errors) from None
    if errors:
        raise ValidationError(errors)
    return fields, checked_file, checked_photos


@audited
@transaction.atomic
def entry_create(*, actor: Actor, peer: Peer | None, kind: str, date: dt.date | None, title: str,
                 direction: str = "", participants: str = "", summary: str = "", activity=None, upload=None,
                 photos=(), to_handle: bool = False, due: dt.date | None = None,
                 owner: User | None = None) -> ExchangeEntry:
    _require_manager(actor)
    fields, checked_file, checked_photos = _validated(
        actor, None, upload, photos, peer=peer, kind=kind, date=date, title=title, direction=direction,
        participants=participants, summary=summary, activity=activity, to_handle=to_handle, due=due, owner=owner,
        photos_now=0)
    entry = ExchangeEntry.objects.create(school=actor.school, created_by=actor.user, **fields)
    _store(actor, entry, checked_file, checked_photos)
    signals.entry_changed.send(ExchangeEntry, entry=entry, actor=actor, action="created")
    if entry.to_handle:
        signals.entry_changed.send(ExchangeEntry, entry=entry, actor=actor, action="assigned")
    return entry


@audited
@transaction.atomic
def entry_update(*, actor: Actor, entry: ExchangeEntry, peer: Peer | None, kind: str, date: dt.date | None,
                 title: str, direction: str = "", participants: str = "", summary: str = "", activity=None,
                 upload=None, photos=(), to_handle: bool = False, due: dt.date | None = None,
                 owner: User | None = None) -> ExchangeEntry:
    """Change an entry; a new file replaces the old one, new photos are added. A document done stays done."""
    _require(actor, "manage", entry)
    fields, checked_file, checked_photos = _validated(
        actor, entry, upload, photos, peer=peer, kind=kind, date=date, title=title, direction=direction,
        participants=participants, summary=summary, activity=activity, to_handle=to_handle, due=due, owner=owner,
        photos_now=entry.photos.count())
    assigned = fields["to_handle"] and entry.done_at is None and (
        not entry.to_handle or entry.owner_id != getattr(fields["owner"], "pk", None))
    for key, value in fields.items():
        setattr(entry, key, value)
    if not entry.to_handle:
        entry.done_at, entry.done_by, entry.done_note = None, None, ""
    entry.save()
    _store(actor, entry, checked_file, checked_photos)
    signals.entry_changed.send(ExchangeEntry, entry=entry, actor=actor, action="updated")
    if assigned:
        signals.entry_changed.send(ExchangeEntry, entry=entry, actor=actor, action="assigned")
    return entry


@audited
@transaction.atomic
def entry_delete(*, actor: Actor, entry: ExchangeEntry) -> None:
    _require(actor, "manage", entry)
    stored = [(entry.file.storage, entry.file.name)] if entry.file else []
    stored += [(p.image.storage, p.image.name) for p in entry.photos.all()]
    entry.delete()

    def remove() -> None:
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(remove)


@audited
@transaction.atomic
def entry_done(*, actor: Actor, entry: ExchangeEntry, note: str) -> ExchangeEntry:
    """A document to handle is done, with how (by its owner or the committee)."""
    _require(actor, "view", entry)
    if not (can(actor, "manage", entry) or entry.owner_id == actor.user.pk):
        raise Http404
    if not entry.to_handle:
        raise ValidationError(_("This document is not marked to handle."))
    if entry.done_at is not None:
        raise ValidationError(_("This document was already marked done."))
    errors: dict = {}
    note = clean_text(note, DONE_NOTE_MAX, "note", errors)
    if not note and "note" not in errors:
        errors["note"] = _("Say how it was handled, e.g. 已按通知要求报送材料.")
    if errors:
        raise ValidationError(errors)
    entry.done_at, entry.done_by, entry.done_note = timezone.now(), actor.user, note
    entry.save(update_fields=["done_at", "done_by", "done_note", "updated_at"])
    signals.entry_changed.send(ExchangeEntry, entry=entry, actor=actor, action="done")
    return entry


@audited
@transaction.atomic
def photo_delete(*, actor: Actor, photo: ExchangePhoto) -> None:
    _require(actor, "manage_photo", photo)
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
