"""The kinds of access-log rows the privacy app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "privacy_request": AccessKind(_("Privacy request"), "privacy.PrivacyRequest", "student__name"),
    "privacy_summary": AccessKind(_("Personal data summary"), "people.Student"),
    "privacy_due": _("Records due for erasure"),
}
