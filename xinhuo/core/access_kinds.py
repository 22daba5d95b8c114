"""The kinds of access-log rows core writes, in the access log's words (registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from .registry import AccessKind

KINDS = {
    "account": AccessKind(_("Account"), "core.User", "full_name"),
    "account:phone": _("Account's mobile number"),
    "account:username": _("Account's login name"),
    "access_log": _("Access log"),
}
