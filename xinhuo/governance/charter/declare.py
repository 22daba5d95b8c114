"""What the charter part adds to governance's manifest (manifest.py joins the parts). No model imports here.

Who does what (docs: /tmp/docs/archives.md, rules.py):
- the committee's director drafts and edits versions of the charter (章程), the division of duties (职责分工) and
  the rules (制度), submits them, publishes an approved version and withdraws a draft;
- the leading group (领导小组: committee members marked in_leading_group with an account, whatever their role)
  approves or returns a submitted version, never one they wrote themselves;
- every staff member and elder reads the versions in force (and the superseded ones, with their dates);
  drafts are the director's and the leading group's."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry

CAPABILITIES: dict = {
    "governance.charter.read": STAFF_ROLES | {R.ELDER},
    "governance.charter.edit": frozenset({R.DIRECTOR}),
}
NAV_GROUPS: dict = {"governance": _("Governance and funds")}
NAV: tuple = (
    NavEntry(_("Charter and duties"), "governance:charter-home", "governance.charter.read", "/governance/charter/",
             group="governance", order=720),
)
API_ROUTES: tuple = (
    ApiRoute("governance/charter", "xinhuo.governance.charter.api.CharterViewSet", "charter-document"),
)
PANELS: tuple = ()
API_ENUMS: dict = {
    "CharterKindEnum": "xinhuo.governance.charter.models.CharterKind",
    "CharterVersionStatusEnum": "xinhuo.governance.charter.models.VersionStatus",
}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
