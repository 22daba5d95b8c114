"""The access-log rows the supervision part writes, in the access log's words."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS: dict = {
    "supervision_inspection": AccessKind(_("Supervision inspection"), model="governance.Inspection", name="title"),
    "supervision_inspection:report": _("Inspection report (Word)"),
    "supervision_rectification": AccessKind(_("Rectification item"), model="governance.Rectification",
                                            name="problem"),
    "supervision_rectification:evidence_file": _("Rectification evidence file"),
    "supervision_accountability": AccessKind(_("Accountability records"), model="governance.Accountability",
                                             name="person_name"),
}
