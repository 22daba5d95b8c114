"""What the bursaries part adds to community's manifest (manifest.py joins the parts). No model imports here.

Who does what (docs: /tmp/docs/bursaries.md, rules.py):
- the committee (director, leader) keeps the donors and the funds, records donations, proposes grants for any
  student and approves, returns or rejects them (never one they proposed themselves);
- finance reads donors, funds, grants and reports, and records a grant as paid (it pays; it does not approve);
- a head teacher sees the open funds (their public donor name only) and proposes and follows grants for the
  students of their classes;
- a parent sees the approved or paid bursaries of their own children (fund name and amount): the family is told
  what their child receives and from whom, so that they can thank and are not surprised by a transfer; never
  another child's;
- students, elders, the other staff and the technical administrator see nothing of it (404)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    # the pages: funds and grants (each sees what rules.py allows)
    "community.bursaries.view": COMMITTEE | {R.FINANCE, R.HEAD_TEACHER},
    # donors' and grants' details, the accountability reports and exports
    "community.bursaries.read": COMMITTEE | {R.FINANCE},
    # donors, funds, donations
    "community.bursaries.manage": COMMITTEE,
    "community.bursaries.propose": COMMITTEE | {R.HEAD_TEACHER},
    "community.bursaries.approve": COMMITTEE,
    "community.bursaries.pay": frozenset({R.FINANCE}),
    # a parent: their own children's granted bursaries
    "community.bursaries.mine": frozenset({R.PARENT}),
}
NAV_GROUPS: dict = {}
NAV: tuple = (
    NavEntry(_("Bursaries"), "community:bursaries-home", "community.bursaries.view", "/community/bursaries/",
             group="family", order=550),
    NavEntry(_("My child's bursaries"), "community:bursaries-mine", "community.bursaries.mine",
             "/community/bursaries/mine/", group="family", order=551),
)
API_ROUTES: tuple = (
    ApiRoute("community/bursaries/donors", "xinhuo.community.bursaries.api.DonorViewSet", "bursaries-donor"),
    ApiRoute("community/bursaries/funds", "xinhuo.community.bursaries.api.FundViewSet", "bursaries-fund"),
    ApiRoute("community/bursaries/grants", "xinhuo.community.bursaries.api.GrantViewSet", "bursaries-grant"),
)
PANELS: tuple = (
    Panel("bursaries", "community/bursaries/panels/bursaries.html",
          "xinhuo.community.bursaries.selectors.dashboard_panel", order=560, place="list"),
)
API_ENUMS: dict = {
    "BursaryGrantStatusEnum": "xinhuo.community.bursaries.models.GrantStatus",
    "BursaryFundStatusEnum": "xinhuo.community.bursaries.models.FundStatus",
    "BursaryDonorKindEnum": "xinhuo.community.bursaries.models.DonorKind",
}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
