"""What the exchange part adds to community's manifest (manifest.py joins the parts). No model imports here.

The committee (director, school leaders) keeps the peer committees and the exchange log; every staff member reads
the log (the contacts' phones masked); parents, students and elders see nothing of it."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

CAPABILITIES: dict = {
    "community.exchange.view": STAFF_ROLES,
    "community.exchange.manage": frozenset({R.DIRECTOR, R.LEADER}),
}
NAV_GROUPS: dict = {}
NAV: tuple = (
    NavEntry(_("Peer exchange"), "community:exchange-timeline", "community.exchange.view",
             "/community/exchange/", group="family", order=560),
)
API_ROUTES: tuple = (
    ApiRoute("community/exchange/peers", "xinhuo.community.exchange.api.PeerViewSet", "exchange-peer"),
    ApiRoute("community/exchange/entries", "xinhuo.community.exchange.api.EntryViewSet", "exchange-entry"),
)
PANELS: tuple = (
    Panel("exchange", "community/exchange/panel.html", "xinhuo.community.exchange.selectors.exchange_panel",
          order=76, place="list"),
)
API_ENUMS: dict = {
    "ExchangePeerKindEnum": "xinhuo.community.exchange.models.PeerKind",
    "ExchangeEntryKindEnum": "xinhuo.community.exchange.models.EntryKind",
    "ExchangeDirectionEnum": "xinhuo.community.exchange.models.Direction",
}
DAILY_JOBS: tuple = ("xinhuo.community.exchange.tasks.exchange_reminders_task",)
FREQUENT_JOBS: tuple = ()
