"""The kinds of access-log rows the family app's parts write, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    # parent school
    "family_school_attendance": _("Parent school attendance"),
    "family_school_checkin": AccessKind(_("Parent class check-in list"), "family.ParentSession", "topic"),
    "family_school_certificate": AccessKind(_("Excellent parent certificate"), "family.ExcellentParent"),
    # parent committee and mutual help
    "family_committee_seat": _("Parent committee members"),
    "family_committee_seat:phone": _("Parent committee members' phone numbers"),
    "family_committee_meeting": AccessKind(_("Parent committee meeting"), "family.CommitteeMeeting", "title"),
    "family_committee_meeting:minutes": _("Parent committee minutes"),
    "family_mutual_help_group": _("Mutual-help groups"),
    "family_mutual_help_member": AccessKind(_("Mutual-help group members"), "family.MutualHelpGroup"),
    # volunteers
    "parent_volunteer": _("Parent volunteers"),
    # notices to families
    "family_notice_recipients": AccessKind(_("Notice recipients and replies"), "family.FamilyNotice", "title"),
    "family_thread": AccessKind(_("Messages with a family"), "family.FamilyThread", "student__name"),
}
