"""The kinds of access-log rows the surveys app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "survey_response": AccessKind(_("Survey responses"), "surveys.Survey", "title"),
    "survey_summary": AccessKind(_("Survey results"), "surveys.Survey", "title"),
    # the mailbox names no writer to the log: a message may be anonymous
    "surveys_mailbox_message": _("Mailbox message"),
    "surveys_mailbox_message:body": _("Mailbox message's text"),
}
