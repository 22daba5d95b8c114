"""Activities (ACT-1..5): the lifecycle, the calendar, sign-up, attendance and hours, evidence."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES, STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, Handover, NavEntry, Panel, PersonalData

MANIFEST = AppManifest(
    label="activities",
    access_kinds="xinhuo.activities.access_kinds.KINDS",  # what its access-log rows are about
    # staff apply, the director and school leaders approve (rules.py); each sees what is theirs or open to them
    capabilities={
        "activities.apply": STAFF_ROLES - {R.ADMIN, R.FINANCE},
        "activities.approve": frozenset({R.DIRECTOR, R.LEADER}),
        "activities.see_all": frozenset({R.DIRECTOR, R.LEADER}),  # every activity of the school, any status
        "activities.view": ALL_ROLES,
        "activities.signup": frozenset({R.STUDENT, R.PARENT, R.ELDER}) | (STAFF_ROLES - {R.ADMIN}),
    },
    nav_groups={"activities": _("Activities")},
    nav=(
        NavEntry(_("Activities"), "activities:list", "activities.view", "/activities/", "activities", order=200),
        NavEntry(_("Calendar"), "activities:calendar", "activities.view", "/activities/calendar/", "activities",
                 order=210),
    ),
    urls="xinhuo.activities.urls",
    url_prefix="activities/",
    api_routes=(ApiRoute("activities", "xinhuo.activities.api.ActivityViewSet", "activity"),),
    api_paths="xinhuo.activities.api.api_paths",
    # the home page, from one context: the applications waiting for approval (a figure, then the list), this
    # month's activities as a strip of days and the year per month and kind (the committee; a department head for
    # their department's), or the next activities in scope for everyone else
    panels=(
        Panel("awaiting", "activities/panels/awaiting.html", "xinhuo.activities.selectors.dashboard_activities",
              order=50),
        Panel("awaiting_list", "activities/panels/awaiting_list.html",
              "xinhuo.activities.selectors.dashboard_activities", order=5, place="list"),
        Panel("month_strip", "activities/panels/strip.html", "xinhuo.activities.selectors.dashboard_activities",
              order=8, place="list"),
        Panel("upcoming", "activities/panels/upcoming.html", "xinhuo.activities.selectors.dashboard_activities",
              order=10, place="list"),
        Panel("per_month", "activities/panels/chart.html", "xinhuo.activities.selectors.dashboard_activities",
              order=20, place="chart"),
    ),
    # a year of activities: the plan's tasks and the clubs link to them
    demo=DemoStep("xinhuo.activities.demo.build", after=("people", "elders", "care")),
    api_enums={
        "ActivityKindEnum": "xinhuo.activities.models.ActivityKind",
        "ActivityStatusEnum": "xinhuo.activities.models.ActivityStatus",
        "SignUpKindEnum": "xinhuo.activities.models.SignUpKind",
        "SignUpStatusEnum": "xinhuo.activities.models.SignUpStatus",
    },
    matrix="xinhuo.activities.tests.matrix.ACTIVITY_CASES",
    search=("xinhuo.activities.search.ACTIVITIES",),  # RES-2: the one search box
    personal_data=PersonalData("xinhuo.activities.privacy.summary", "xinhuo.activities.privacy.erase"),  # ORG-9
    student_left="xinhuo.activities.leaving.students_left",
    handover=Handover("xinhuo.activities.handover.items", "xinhuo.activities.handover.reassign"),
)
