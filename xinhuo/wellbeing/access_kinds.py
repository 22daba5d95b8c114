"""The kinds of access-log rows the wellbeing app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "screening_campaign": AccessKind(_("Screening campaign"), "wellbeing.Campaign", "title"),
    "screening_progress": AccessKind(_("Screening progress"), "wellbeing.Campaign", "title"),
    "screening_result": AccessKind(_("Screening results of a campaign"), "wellbeing.Campaign", "title"),
    "screening_response": AccessKind(_("Screening answers"), "wellbeing.Response", "student__name"),
    "screening_response:answers": _("Screening answers"),
    "wellbeing_alert": AccessKind(_("Psychological alert"), "wellbeing.Alert", "student__name"),
    "wellbeing_case": AccessKind(_("Three-party case"), "wellbeing.Case", "student__name"),
    "wellbeing_appointment": AccessKind(_("Counselling appointment"), "wellbeing.Appointment", "student__name"),
    "wellbeing_appointment:notes": _("Counselling notes"),
    "wellbeing_peer_supporter": _("Peer supporters"),
    "wellbeing_talk_request": AccessKind(_("Talk request"), "wellbeing.TalkRequest", "student__name"),
    "wellbeing_talk_request:message": _("Talk request's message"),
}
