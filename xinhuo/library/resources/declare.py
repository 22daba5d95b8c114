"""What the resources part adds to the library's manifest (manifest.py joins the parts). No model imports here.

Who does what (docs/library.md, rules.py):
- everyone of the school reads the published resources meant for them: students those for students (of their grade,
  when grades are set), parents those for parents, elders those for elders; staff every published one;
- contributors (staff who teach or care, and elders) add resources and edit their own; their drafts are theirs;
- the committee (director, leader) manages every resource and the collections."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

MANAGERS = frozenset({R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    "library.view": ALL_ROLES,
    "library.contribute": MANAGERS | {R.DEPARTMENT_HEAD, R.HEAD_TEACHER, R.COUNSELLOR, R.YOUNG_TEACHER, R.ELDER},
    "library.manage": MANAGERS,
}
NAV: tuple = (
    NavEntry(_("Resource library"), "library:resources-home", "library.view", "/library/resources/",
             group="resources", order=790),
)
API_ROUTES: tuple = (
    ApiRoute("library/resources", "xinhuo.library.resources.api.ResourceViewSet", "library-resource"),
    ApiRoute("library/collections", "xinhuo.library.resources.api.CollectionViewSet", "library-collection"),
)
API_ENUMS: dict = {
    "ResourceKindEnum": "xinhuo.library.resources.models.ResourceKind",
    # the status (draft / published) is news' choice set: PublicationStatusEnum (news/manifest.py)
    "ResourceAudienceEnum": "xinhuo.library.resources.models.Audience",
}
PANELS: tuple = (
    # the home page: the latest published resources meant for the actor
    Panel("library_new", "library/resources/panels/new.html", "xinhuo.library.resources.selectors.home_panel",
          order=60, place="list"),
    # on an activity's page: the resources it used (the library's "used in" links, seen from the activity)
    Panel("library_used", "library/resources/activity_panel.html",
          "xinhuo.library.resources.selectors.activity_panel", order=70, place="activity"),
)
