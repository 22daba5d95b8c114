"""The access-log rows the profiles part writes, in the access log's words."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS: dict = {
    "evaluation_population": _("Special-group population (aggregates)"),
    "evaluation_population:export": _("Special-group population (Excel)"),
    "evaluation_profile": AccessKind(_("Student profile"), model="people.Student", name="name"),
}
