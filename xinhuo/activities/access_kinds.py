"""The kinds of access-log rows the activities app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "activity_signup": AccessKind(_("Activity sign-ups"), "activities.Activity", "title"),
}
