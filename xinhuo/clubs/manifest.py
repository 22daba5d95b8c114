"""Student clubs (ACT-7): founding, advisor, members, meetings, showcase."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES, STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, Handover, NavEntry, PersonalData, Rollover

MANIFEST = AppManifest(
    label="clubs",
    access_kinds="xinhuo.clubs.access_kinds.KINDS",  # what its access-log rows are about
    # everyone sees clubs, scoped by selectors.py; an advisor (elder or teacher) runs their own club there
    capabilities={
        "clubs.view": ALL_ROLES,
        "clubs.request": STAFF_ROLES - {R.ADMIN, R.FINANCE} | {R.ELDER},
        "clubs.review": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
        # every club's members, meetings and showcase (an advisor runs their own club: rules.py)
        "clubs.manage": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
        # who may be named a club's teacher advisor (elders are chosen from the registry)
        "clubs.advise": STAFF_ROLES - {R.ADMIN, R.FINANCE},
        "clubs.join": frozenset({R.STUDENT, R.PARENT}),
    },
    nav=(NavEntry(_("Clubs"), "clubs:list", "clubs.view", "/clubs/", "activities", order=220),),
    urls="xinhuo.clubs.urls",
    url_prefix="clubs/",
    api_routes=(ApiRoute("clubs", "xinhuo.clubs.api.ClubViewSet", "club"),),
    demo=DemoStep("xinhuo.clubs.demo.build", after=("activities", "selections")),
    matrix="xinhuo.clubs.tests.matrix.CASES",
    personal_data=PersonalData("xinhuo.clubs.privacy.summary", "xinhuo.clubs.privacy.erase"),  # ORG-9
    rollover=Rollover("xinhuo.clubs.rollover.preview", "xinhuo.clubs.rollover.apply", "xinhuo.clubs.rollover.undo"),
    student_left="xinhuo.clubs.leaving.students_left",
    handover=Handover("xinhuo.clubs.handover.items", "xinhuo.clubs.handover.reassign"),
)
