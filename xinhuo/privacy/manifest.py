"""Personal data over time (ORG-9, PIPL): retention and erasure of left students, guardians' requests."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry, PersonalData

MANIFEST = AppManifest(
    label="privacy",
    access_kinds="xinhuo.privacy.access_kinds.KINDS",  # what its access-log rows are about
    capabilities={
        # the director answers requests, sees who is due for erasure and holds records (the committee's duty)
        "privacy.manage": frozenset({R.DIRECTOR}),
        # parents for their children, students for themselves from 18 (rules.may_file_for)
        "privacy.request": frozenset({R.PARENT, R.STUDENT}),
        "privacy.view": frozenset({R.DIRECTOR, R.PARENT, R.STUDENT}),
    },
    nav=(NavEntry(_("Personal data"), "privacy:requests", "privacy.view", "/privacy/", "admin", order=950),),
    urls="xinhuo.privacy.urls",
    url_prefix="privacy/",
    api_routes=(
        ApiRoute("privacy/requests", "xinhuo.privacy.api.PrivacyRequestViewSet", "privacy-request"),
        ApiRoute("privacy/retention", "xinhuo.privacy.api.RetentionViewSet", "privacy-retention"),
    ),
    daily_jobs=("xinhuo.privacy.tasks.retention_task",),
    demo=DemoStep("xinhuo.privacy.demo.build", after=("people", "care", "activities", "clubs", "surveys")),
    matrix="xinhuo.privacy.tests.matrix.CASES",
    personal_data=PersonalData("xinhuo.privacy.privacy.summary", "xinhuo.privacy.privacy.erase"),
)
