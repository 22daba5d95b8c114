"""Core's own declarations: school structure, the committee, accounts, notices, logs."""

from django.utils.translation import gettext_lazy as _

from .access import ALL_ROLES, STAFF_ROLES
from .models import Role as R
from .registry import ApiRoute, AppManifest, NavEntry, Panel

MANIFEST = AppManifest(
    label="core",
    access_kinds="xinhuo.core.access_kinds.KINDS",  # what its access-log rows are about
    capabilities={
        "dashboard": ALL_ROLES,
        "structure.view": STAFF_ROLES | {R.ELDER},
        "structure.manage": frozenset({R.ADMIN, R.DIRECTOR}),
        "committee.view": STAFF_ROLES | {R.ELDER},
        "committee.manage": frozenset({R.ADMIN, R.DIRECTOR}),
        "logs.view": frozenset({R.ADMIN, R.DIRECTOR}),
        "accounts.manage": frozenset({R.ADMIN}),
        "notifications.send": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
        # the API's documentation page is for whoever connects another system: the administrator
        "api.docs": frozenset({R.ADMIN}),
    },
    # the groups several apps join: resources (news, the directory, the library) and administration
    nav_groups={"resources": _("Resources"), "admin": _("Administration")},
    nav=(
        NavEntry(_("Home"), "dashboard", "dashboard", "/$", order=10),
        NavEntry(_("Inbox"), "inbox", "dashboard", "/inbox/", order=20),
        NavEntry(_("Committee"), "committee", "committee.view", "/committee/", group="admin", order=900),
        NavEntry(_("School structure"), "structure", "structure.view", "/structure/", group="admin", order=905),
        NavEntry(_("Send notice"), "notification-send", "notifications.send", "/notices/", group="admin", order=920),
        NavEntry(_("Accounts"), "accounts", "accounts.manage", "/accounts/", group="admin", order=930),
        NavEntry(_("Logs"), "access-log", "logs.view", "/logs/", group="admin", order=940),
    ),
    # the structure over the API (classes are registered in xinhuo/api_urls.py, with the other core endpoints)
    api_routes=(
        ApiRoute("years", "xinhuo.core.api.SchoolYearViewSet", "year"),
        ApiRoute("terms", "xinhuo.core.api.TermViewSet", "term"),
        ApiRoute("grades", "xinhuo.core.api.GradeViewSet", "grade"),
        ApiRoute("departments", "xinhuo.core.api.DepartmentViewSet", "department"),
    ),
    api_enums={"DepartmentKindEnum": "xinhuo.core.models.Department.Kind"},
    panels=(
        Panel("committee", "core/panels/committee.html", "xinhuo.core.selectors.committee_panel", order=30),
    ),
    daily_jobs=("xinhuo.core.backup.backup_task", "xinhuo.core.tokens.purge_task"),
    matrix="xinhuo.core.tests.matrix.CORE_CASES",
    frequent_jobs=("xinhuo.core.tasks.resume_pending_images",),  # uploads whose processing was lost
)
