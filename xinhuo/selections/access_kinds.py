"""The kinds of access-log rows the selections app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "selection": AccessKind(_("Honour selection and its nominations"), "selections.Selection", "title"),
    "selection_certificate": AccessKind(_("Honour certificate"), "selections.Nomination"),
}
