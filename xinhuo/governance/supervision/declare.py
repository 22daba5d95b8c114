"""What the supervision part (PLAN-4, 督导整改) adds to governance's manifest (manifest.py joins the parts). No model
imports here.

Who does what (rules.py; docs: /tmp/docs/supervision.md):
- the committee (director, leader) runs inspections (self-checks, mutual checks, the higher level's spot checks):
  the checklist and its scores, findings, rectification items with their owners and deadlines; it verifies the
  evidence and closes an item, returns it, or marks it not rectified;
- any staff member may own a rectification item: they see their own items and submit evidence for them;
- accountability records (责任追究) are the leading group's alone (xinhuo.governance.leading.in_leading_group):
  anyone else, the director too when not in the leading group, gets 404 and never a count of them;
- parents, students, elders and the technical administrator see nothing of it (404)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})
STAFF = frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.HEAD_TEACHER, R.COUNSELLOR, R.FINANCE,
                   R.YOUNG_TEACHER})

CAPABILITIES: dict = {
    # the pages at all: the committee all of it, a staff member their own items (rules.py)
    "governance.supervision.view": STAFF,
    # inspections, checklists, rectification items, verification and closure
    "governance.supervision.manage": COMMITTEE,
    # who is told each morning of overdue rectification items, besides their owners
    "governance.supervision.warned": frozenset({R.DIRECTOR}),
}
NAV_GROUPS: dict = {"governance": _("Governance and funds")}
NAV: tuple = (
    NavEntry(_("Supervision"), "governance:supervision-home", "governance.supervision.view",
             "/governance/supervision/", group="governance", order=840,
             shown="xinhuo.governance.supervision.selectors.nav_shown"),
)
API_ROUTES: tuple = (
    ApiRoute("governance/supervision/inspections", "xinhuo.governance.supervision.api.InspectionViewSet",
             "supervision-inspection"),
    ApiRoute("governance/supervision/rectifications", "xinhuo.governance.supervision.api.RectificationViewSet",
             "supervision-rectification"),
    ApiRoute("governance/supervision/accountability", "xinhuo.governance.supervision.api.AccountabilityViewSet",
             "supervision-accountability"),
)
PANELS: tuple = (
    Panel("supervision", "governance/supervision/panels/supervision.html",
          "xinhuo.governance.supervision.selectors.dashboard_panel", order=840, place="list"),
)
API_ENUMS: dict = {
    "SupervisionInspectionKindEnum": "xinhuo.governance.supervision.models.InspectionKind",
    "SupervisionInspectionStatusEnum": "xinhuo.governance.supervision.models.InspectionStatus",
    "RectificationStatusEnum": "xinhuo.governance.supervision.models.RectificationStatus",
}
DAILY_JOBS: tuple = ("xinhuo.governance.supervision.tasks.supervision_reminders_task",)
FREQUENT_JOBS: tuple = ()
