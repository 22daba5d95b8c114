"""Models of exchange with peer committees: sister schools and the higher-level committee (COM-5).

A peer is another committee the school's 关工委 works with: a sister school's (结对学校, 兄弟学校) or the
higher-level committee (县/区关工委, 教育局关工委). The exchange log holds what passed between them: visits, shared
activities, documents sent or received, meetings and trainings attended. A document received from the
higher-level committee may be marked "to handle" with a due date and an owner; it is then done with a note.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveCharField
from xinhuo.core.models import School
from xinhuo.core.validators import TEXT_MAX

__all__ = ["Direction", "EntryKind", "ExchangeEntry", "ExchangePhoto", "Peer", "PeerKind"]

NAME_MAX = 100
CONTACT_MAX = 50
PHONE_MAX = 20
NOTE_MAX = 1000
TITLE_MAX = 100
PEOPLE_MAX = 200
SUMMARY_MAX = TEXT_MAX
DONE_NOTE_MAX = 1000


class PeerKind(models.TextChoices):
    SISTER = "sister", _("Sister school")
    HIGHER = "higher", _("Higher-level committee")
    OTHER = "other", _("Other")


class EntryKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    ACTIVITY = "activity", _("Shared activity")
    DOCUMENT = "document", _("Document")
    MEETING = "meeting", _("Meeting or training")


class Direction(models.TextChoices):
    """A visit: we went (回访) or they came (来访); a document: sent or received. Other kinds have none."""

    OUT = "out", _("Outgoing (we went / sent)")
    IN = "in", _("Incoming (they came / received)")


class Peer(models.Model):
    """A peer committee of the school's 关工委."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(_("kind"), max_length=10, choices=PeerKind.choices, default=PeerKind.SISTER)
    contact_name = models.CharField(_("contact person"), max_length=CONTACT_MAX, blank=True)
    contact_phone = SensitiveCharField(_("contact phone"), max_length=PHONE_MAX, blank=True, default="")
    since = models.DateField(_("relation since"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("peer committee")
        verbose_name_plural = _("peer committees")
        ordering = ["kind", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="exchange_peer_unique_name")]

    def __str__(self) -> str:
        return self.name


def entry_file_path(instance: ExchangeEntry, filename: str) -> str:
    return f"community/exchange/{instance.school_id}/files/{filename}"


def entry_photo_path(instance: ExchangePhoto, filename: str) -> str:
    return f"community/exchange/{instance.entry.school_id}/photos/{filename}"


class ExchangeEntry(models.Model):
    """One exchange with a peer committee."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices, blank=True)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    participants = models.CharField(_("who took part"), max_length=PEOPLE_MAX, blank=True)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("activity"))
    file = models.FileField(_("file"), upload_to=entry_file_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=150, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    # a received document to handle (the higher-level committee's notice): due date, owner, and when done
    to_handle = models.BooleanField(_("to handle"), default=False)
    due = models.DateField(_("due date"), null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    done_note = models.TextField(_("how it was handled"), max_length=DONE_NOTE_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("exchange entry")
        verbose_name_plural = _("exchange entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["school", "date"], name="exchange_entry_school_date"),
                   models.Index(fields=["school", "to_handle", "done_at"], name="exchange_entry_to_handle")]

    def __str__(self) -> str:
        return self.title

    @property
    def open(self) -> bool:
        """A document still to handle."""
        return self.to_handle and self.done_at is None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.open and self.due is not None and self.due < (today or timezone.localdate())

    @property
    def direction_label(self) -> str:
        """The direction in the words of the kind: 来访/回访 for a visit, 收到/报送 for a document."""
        if not self.direction:
            return ""
        if self.kind == EntryKind.VISIT:
            return str(_("They visited us") if self.direction == Direction.IN else _("We visited them"))
        if self.kind == EntryKind.DOCUMENT:
            return str(_("Received") if self.direction == Direction.IN else _("Sent"))
        return str(self.get_direction_display())


class ExchangePhoto(models.Model):
    """A photo of an exchange (a visit, a meeting), checked and stripped of its metadata by core.uploads."""

    entry = models.ForeignKey(ExchangeEntry, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=entry_photo_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("exchange photo")
        verbose_name_plural = _("exchange photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.pk}"


# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "Peer.name": "the name of another school's or the county's committee, an organisation",
    "Peer.contact_name": "the name of the contact person of another committee, an official contact; the phone "
                         "is encrypted",
    "Peer.note": "a note about the relation between two committees, not about a child or a family",
    "ExchangeEntry.title": "the title of an exchange between committees (a meeting, a visit, a notice)",
    "ExchangeEntry.participants": "the staff and committee members who took part, as in a work report",
    "ExchangeEntry.summary": "what was seen or agreed between committees, as in the committee's work report",
    "ExchangeEntry.file_name": "the name of a document exchanged between committees",
    "ExchangeEntry.done_note": "how the committee handled a higher-level committee's notice",
}
