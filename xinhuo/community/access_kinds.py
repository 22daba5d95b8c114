"""The kinds of access-log rows the community app's parts write, in the access log's words
(core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    # partners, agreements, joint meetings, the resource directory
    "community.partner": AccessKind(_("Community partner"), "community.Partner"),
    "community.agreement": AccessKind(_("Co-building agreement"), "community.Agreement", "partner__name"),
    "community.agreement:file": _("Co-building agreement's file"),
    "community.meeting": AccessKind(_("Joint meeting"), "community.JointMeeting", "topics"),
    "community.resource": AccessKind(_("Resource directory entry"), "community.Resource"),
    # bursaries
    "bursary_donor": _("Bursary donors"),
    "bursary_fund": AccessKind(_("Bursary fund"), "community.Fund"),
    "bursary_donation": AccessKind(_("Donation"), "community.Donation", "fund__name"),
    "bursary_donation:receipt": _("Donation receipt"),
    "bursary_report": AccessKind(_("Bursary fund report"), "community.Fund"),
    "bursary_report:export": _("Bursary fund report (Excel)"),
    "bursary_grant": AccessKind(_("Bursary grant"), "community.Grant", "student__name"),
    # exchange with other schools
    "exchange.peer": AccessKind(_("Partner school"), "community.Peer"),
    "exchange.peer:contact_phone": _("Partner school's contact phone"),
}
