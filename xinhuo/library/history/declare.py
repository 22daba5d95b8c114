"""What the school-history part (RES-5, 校史) adds to the library's manifest. No model imports here.

Who does what (docs/publicity.md, rules.py):
- everyone of the school reads the published items (the timeline);
- the committee (director, leader) adds and edits every item;
- an elder holding the school-history curator role adds items and edits those they contribute to."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry

CAPABILITIES: dict = {
    "library.history.view": ALL_ROLES,
    # elders pass this gate; rules.curates then asks for the curator role itself
    "library.history.contribute": frozenset({R.DIRECTOR, R.LEADER, R.ELDER}),
    "library.history.manage": frozenset({R.DIRECTOR, R.LEADER}),
}
NAV: tuple = (
    NavEntry(_("School history"), "library:history-timeline", "library.history.view", "/library/history/",
             group="resources", order=795),
)
API_ROUTES: tuple = (
    ApiRoute("library/history", "xinhuo.library.history.api.HistoryItemViewSet", "library-history"),
)
# the status (draft / published) is news' PublicationStatusEnum, shared with the resources: not named twice
API_ENUMS: dict = {
    "HistoryKindEnum": "xinhuo.library.history.models.HistoryKind",
    "HistoryThemeEnum": "xinhuo.library.history.models.HistoryTheme",
}
SEARCH: tuple = ("xinhuo.library.history.index.INDEXER",)
