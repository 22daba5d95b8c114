"""The kinds of access-log rows the clubs app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "club_member": AccessKind(_("Club members"), "clubs.Club"),
    "club_attendance": AccessKind(_("Club meeting attendance"), "clubs.ClubMeeting", "club__name"),
}
