"""What the search part (RES-2) adds to the library's manifest (manifest.py joins the parts). No model imports here.

- everyone with a role searches (`library.search`); each finds only what the indexed apps would show them;
- the committee (director, leader: `library.dictionary`) keeps the school dictionary: the names of the school's
  people, places and programmes that jieba must keep whole."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import NavEntry

CAPABILITIES: dict = {
    "library.search": ALL_ROLES,
    "library.dictionary": frozenset({R.DIRECTOR, R.LEADER}),
}
NAV: tuple = (
    NavEntry(_("Search"), "library:search", "library.search", "/library/search/", group="resources", order=790),
    NavEntry(_("Search dictionary"), "library:search-words", "library.dictionary", "/library/search/words/",
             group="resources", order=795),
)
# the nightly rebuild (bulk writes send no post_save); about 20 s for the large school
DAILY_JOBS: tuple = ("xinhuo.library.search.tasks.reindex_daily_task",)
# the library's own resources are indexed by the resources part's indexer (it lives beside their models)
SEARCH: tuple = ("xinhuo.library.resources.index.RESOURCES",)
