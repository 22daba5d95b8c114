"""The rollover to the next school year (issue 19): the committee prepares, previews, applies and may undo it.

The engine here writes core's tables (the year, its terms, classes, head teachers); every app's own rule is its
manifest's `rollover` declaration (people's students are moved by xinhuo/people/rollover.py). docs/rollover.md."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import AppManifest, NavEntry

MANIFEST = AppManifest(
    label="rollover",
    capabilities={"rollover.manage": frozenset({R.ADMIN, R.DIRECTOR})},
    # beside the school structure, where the years are
    nav=(NavEntry(_("Next school year"), "rollover:list", "rollover.manage", "/rollover/", "admin", order=960),),
    urls="xinhuo.rollover.urls",
    url_prefix="rollover/",
    api_paths="xinhuo.rollover.api.api_paths",
    matrix="xinhuo.rollover.tests.matrix.CASES",
)
