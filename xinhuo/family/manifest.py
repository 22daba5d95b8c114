"""Home and school (FAM-1, FAM-3, FAM-4): the parent school, the parent committee, volunteers and
mutual-help groups, notices and messages to families.

Each part declares what it adds in its own declare.py; this file only joins them."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AppManifest, DemoStep, PersonalData

from .committee import declare as _committee
from .home import declare as _home
from .notices import declare as _notices
from .school import declare as _school
from .volunteers import declare as _volunteers

PARTS = (_school, _committee, _volunteers, _notices, _home)


def _joined(name: str) -> tuple:
    return tuple(x for part in PARTS for x in getattr(part, name, ()))


def _merged(name: str) -> dict:
    return {k: v for part in PARTS for k, v in getattr(part, name, {}).items()}


MANIFEST = AppManifest(
    label="family",
    access_kinds="xinhuo.family.access_kinds.KINDS",  # what its access-log rows are about
    capabilities=_merged("CAPABILITIES"),
    # one group for home, school and community; the community app's entries join it
    nav_groups={"family": _("Family and community"), **_merged("NAV_GROUPS")},
    nav=_joined("NAV"),
    urls="xinhuo.family.urls",
    url_prefix="family/",
    api_routes=_joined("API_ROUTES"),
    api_paths="xinhuo.family.api_paths.PATHS",
    panels=_joined("PANELS"),
    api_enums=_merged("API_ENUMS"),
    daily_jobs=_joined("DAILY_JOBS"),
    frequent_jobs=_joined("FREQUENT_JOBS"),
    demo=DemoStep("xinhuo.family.demo.build", after=("people", "activities", "elders", "care", "plans")),
    matrix="xinhuo.family.tests.matrix.CASES",
    personal_data=PersonalData("xinhuo.family.privacy.summary", "xinhuo.family.privacy.erase"),  # ORG-9
    # a family whose child leaves gives up the seats and mutual-help places it no longer has a child for
    student_left="xinhuo.family.committee.leaving.student_left",
)
