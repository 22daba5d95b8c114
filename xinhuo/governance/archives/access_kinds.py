"""The access-log rows of the archive: a personal record (a certificate's list of winners, photos) looked at or
its file downloaded."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS: dict = {
    "archive_record": AccessKind(_("Archive record"), "governance.ArchiveRecord", "title"),
    "archive_record:file": AccessKind(_("Archive record's file")),
}
