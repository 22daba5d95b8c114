"""Community (COM-1, COM-2, COM-3, COM-5): partners and practice bases with agreements, the social resource
directory, donations and bursaries, exchange with peer committees.

Each part declares what it adds in its own declare.py; this file only joins them."""

from xinhuo.core.registry import AppManifest, DemoStep, Handover, PersonalData

from .budgets import declare as _budgets
from .bursaries import declare as _bursaries
from .exchange import declare as _exchange
from .partners import declare as _partners

PARTS = (_partners, _bursaries, _exchange, _budgets)


def _joined(name: str) -> tuple:
    return tuple(x for part in PARTS for x in getattr(part, name, ()))


def _merged(name: str) -> dict:
    return {k: v for part in PARTS for k, v in getattr(part, name, {}).items()}


MANIFEST = AppManifest(
    label="community",
    access_kinds="xinhuo.community.access_kinds.KINDS",  # what its access-log rows are about
    capabilities=_merged("CAPABILITIES"),
    nav_groups=_merged("NAV_GROUPS"),
    nav=_joined("NAV"),
    urls="xinhuo.community.urls",
    url_prefix="community/",
    api_routes=_joined("API_ROUTES"),
    api_paths="xinhuo.community.api_paths.PATHS",
    panels=_joined("PANELS"),
    api_enums=_merged("API_ENUMS"),
    daily_jobs=_joined("DAILY_JOBS"),
    frequent_jobs=_joined("FREQUENT_JOBS"),
    demo=DemoStep("xinhuo.community.demo.build",
                  after=("people", "activities", "elders", "care", "wellbeing", "family")),
    matrix="xinhuo.community.tests.matrix.CASES",
    provides={"directory.agencies": "xinhuo.community.partners.selectors.agencies"},  # COM-2: referrals' agencies
    personal_data=PersonalData("xinhuo.community.privacy.summary", "xinhuo.community.privacy.erase"),  # ORG-9
    # the higher-level committee's documents a leaving staff member owns (the only open work the parts hold)
    handover=Handover("xinhuo.community.exchange.handover.items", "xinhuo.community.exchange.handover.reassign"),
)
