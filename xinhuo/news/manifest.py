"""News items (ACT-5 "publish as news", RES-4)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry

MANIFEST = AppManifest(
    label="news",
    capabilities={
        "news.view": ALL_ROLES,  # published items; drafts for those who manage (selectors.py)
        "news.manage": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
        "news.settings": frozenset({R.DIRECTOR}),  # whether the news page and honour walls are public
    },
    nav=(NavEntry(_("News"), "news:list", "news.view", "/news/", "resources", order=800),),
    urls="xinhuo.news.urls",
    url_prefix="news/",
    api_routes=(ApiRoute("news", "xinhuo.news.api.NewsViewSet", "news"),),
    # draft / published: the same choice set as the library's resources and school history, so one name
    api_enums={"PublicationStatusEnum": "xinhuo.news.models.NewsStatus"},
    matrix="xinhuo.news.tests.matrix.CASES",
    search=("xinhuo.news.search.NEWS",),  # RES-2: the one search box
    demo=DemoStep("xinhuo.news.demo.build", after=("activities",)),
)
