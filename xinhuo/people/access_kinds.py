"""The kinds of access-log rows the people app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "student": AccessKind(_("Student record"), "people.Student"),
    "student:guardians": _("Guardians and contacts"),
    "student:id_card": _("ID-card number"),
    "student:address": _("Home address"),
    "guardian": AccessKind(_("Guardian record"), "people.Guardian"),
    "guardian:phone": _("Guardian's phone number"),
    "staff": AccessKind(_("Staff record"), "people.Staff"),
    "staff:phone": _("Staff member's phone number"),
    # the consent page of a student (its id); the API's reading of one consent row (consent_record)
    "consent": AccessKind(_("Consent records"), "people.Student"),
    "consent_record": AccessKind(_("Consent record"), "people.Consent", "student__name"),
}
