"""Honour selections (ACT-6): 美德少年, 榜样家长, 优秀五老, 红色班级."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES, STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry, PersonalData

MANIFEST = AppManifest(
    label="selections",
    access_kinds="xinhuo.selections.access_kinds.KINDS",  # what its access-log rows are about
    # everyone sees the calls and, when public, the lists and winners (what each sees: rules.py)
    capabilities={
        "selections.view": ALL_ROLES,
        "selections.manage": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
        "selections.nominate": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.HEAD_TEACHER}),
        "selections.vote": (STAFF_ROLES - {R.ADMIN}) | {R.ELDER, R.STUDENT},  # students in some kinds only
        "selections.vote_every_kind": (STAFF_ROLES - {R.ADMIN}) | {R.ELDER},  # in every selection with a vote
    },
    nav=(NavEntry(_("Honour selections"), "selections:list", "selections.view", "/selections/", "activities",
                  order=230),),
    urls="xinhuo.selections.urls",
    url_prefix="selections/",
    api_routes=(ApiRoute("selections", "xinhuo.selections.api.SelectionViewSet", "selection"),),
    demo=DemoStep("xinhuo.selections.demo.build", after=("people", "elders")),
    api_enums={
        "SelectionKindEnum": "xinhuo.selections.models.SelectionKind",
        "SelectionStageEnum": "xinhuo.selections.models.Stage",
    },
    matrix="xinhuo.selections.tests.matrix.CASES",
    personal_data=PersonalData("xinhuo.selections.privacy.summary", "xinhuo.selections.privacy.erase"),  # ORG-9
)
