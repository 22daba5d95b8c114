"""What the committee part adds to family's manifest (manifest.py joins the parts). No model imports here.

The committee (director, leaders) manages the school's and the grades' parent committees and any class's; a head
teacher their own classes' committees (rules.py). Staff who work with families read who is on a committee; a parent
the committees of their children's class, grade and school. Mutual-help groups: the committee manages them, a
coordinator runs their own group; who is in a group is seen only by the committee, the coordinator and the members'
head teachers; a parent sees only the groups they belong to."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

COMMITTEE_STAFF = frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.COUNSELLOR, R.HEAD_TEACHER})
# a coordinator may be any member of the staff (finance and the admin included: they see only their own group)
GROUP_STAFF = frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.COUNSELLOR, R.HEAD_TEACHER, R.YOUNG_TEACHER,
                         R.FINANCE})

CAPABILITIES: dict = {
    "family.committee.view": COMMITTEE_STAFF | {R.PARENT},
    # every committee of the school, its members' phones, its meetings; a head teacher: their classes' (rules.py)
    "family.committee.manage": frozenset({R.DIRECTOR, R.LEADER}),
    "family.committee.manage_class": frozenset({R.DIRECTOR, R.LEADER, R.HEAD_TEACHER}),
    "family.mutual_help.view": GROUP_STAFF | {R.PARENT},
    "family.mutual_help.manage": frozenset({R.DIRECTOR, R.LEADER}),
}
NAV_GROUPS: dict = {}
NAV: tuple = (
    NavEntry(_("Parent committees"), "family:committee-list", "family.committee.view", "/family/committees/",
             group="family", order=510),
    NavEntry(_("Mutual-help groups"), "family:mutual-help-list", "family.mutual_help.view", "/family/mutual-help/",
             group="family", order=515),
)
API_ROUTES: tuple = (
    ApiRoute("family/committees", "xinhuo.family.committee.api.CommitteeViewSet", "family-committee"),
    ApiRoute("family/committee-meetings", "xinhuo.family.committee.api.CommitteeMeetingViewSet",
             "family-committee-meeting"),
    ApiRoute("family/mutual-help", "xinhuo.family.committee.api.MutualHelpGroupViewSet", "family-mutual-help"),
)
PANELS: tuple = (
    Panel("family_committee", "family/committee/panel.html", "xinhuo.family.committee.selectors.dashboard_panel",
          order=60, place="list"),
)
API_ENUMS: dict = {
    "CommitteeLevelEnum": "xinhuo.family.committee.models.CommitteeLevel",
    "SeatPositionEnum": "xinhuo.family.committee.models.SeatPosition",
    "CommitteeMeetingStatusEnum": "xinhuo.family.committee.models.CommitteeMeetingStatus",
}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
