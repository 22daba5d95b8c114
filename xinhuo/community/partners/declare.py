"""What the partners part adds to community's manifest (manifest.py joins the parts). No model imports here.

Partners and practice bases are read by the staff and the elders (contacts' phones masked); the committee (director
and school leaders) writes them, keeps the agreements and the joint meetings and sees the phones. The directory is
read by the staff (teachers plan activities with it) and the elders; the committee keeps it."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})
READERS = STAFF_ROLES | {R.ELDER}

CAPABILITIES: dict = {
    "community.partners.view": READERS,
    "community.partners.manage": COMMITTEE,  # write partners, agreements, meetings; read phones, agreements
    "community.directory.view": READERS,
    "community.directory.manage": COMMITTEE,
}
NAV_GROUPS: dict = {}
NAV: tuple = (
    NavEntry(_("Partners and bases"), "community:partners-list", "community.partners.view", "/community/partners/",
             group="family", order=540),
    NavEntry(_("Co-building agreements"), "community:partners-agreement-list", "community.partners.manage",
             "/community/agreements/", group="family", order=541),
    NavEntry(_("Joint meetings"), "community:partners-meeting-list", "community.partners.manage",
             "/community/meetings/", group="family", order=542),
    NavEntry(_("Resource directory"), "community:partners-directory", "community.directory.view",
             "/community/directory/", group="resources", order=810),
)
API_ROUTES: tuple = (
    ApiRoute("community/partners", "xinhuo.community.partners.api.PartnerViewSet", "community-partner"),
    ApiRoute("community/agreements", "xinhuo.community.partners.api.AgreementViewSet", "community-agreement"),
    ApiRoute("community/meetings", "xinhuo.community.partners.api.MeetingViewSet", "community-meeting"),
    ApiRoute("community/directory", "xinhuo.community.partners.api.ResourceViewSet", "community-resource"),
)
PANELS: tuple = (
    Panel("partners", "community/partners/panel.html", "xinhuo.community.partners.selectors.dashboard_panel",
          order=74, place="list"),
    Panel("activity_base", "community/partners/activity_panel.html",
          "xinhuo.community.partners.selectors.activity_panel", order=60, place="activity"),
)
API_ENUMS: dict = {
    "PartnerKindEnum": "xinhuo.community.partners.models.PartnerKind",
    "PartnerStatusEnum": "xinhuo.community.partners.models.PartnerStatus",
    "AgreementStatusEnum": "xinhuo.community.partners.models.AgreementStatus",
    "ResourceKindEnum": "xinhuo.community.partners.models.ResourceKind",
    "ResourceStatusEnum": "xinhuo.community.partners.models.ResourceStatus",
}
DAILY_JOBS: tuple = ("xinhuo.community.partners.tasks.agreement_reminders_task",)
FREQUENT_JOBS: tuple = ()
