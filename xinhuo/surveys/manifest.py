"""Surveys and the feedback mailbox (SRV-1..4): questionnaires, answering, statistics, the mailbox."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry, Panel, PersonalData

# a survey is built and its results read by its owner and the committee (rules.py); head teachers survey their own
# classes and families, any organiser an activity's participants (services.WIDE_ROLES)
BUILDERS = frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR, R.HEAD_TEACHER, R.DEPARTMENT_HEAD, R.YOUNG_TEACHER})

MANIFEST = AppManifest(
    label="surveys",
    access_kinds="xinhuo.surveys.access_kinds.KINDS",  # what its access-log rows are about
    capabilities={
        "surveys.create": BUILDERS,
        "surveys.answer": ALL_ROLES,  # the survey's audience decides (selectors.seat)
        # the mailbox: anyone writes; the committee assigns and keeps its settings; whoever it is assigned to
        # replies (a flagged message also reaches the counsellors and the safeguarding lead)
        "mailbox.write": ALL_ROLES,
        "mailbox.manage": frozenset({R.DIRECTOR, R.LEADER}),
        "mailbox.handle": BUILDERS,
    },
    nav_groups={"surveys": _("Surveys and feedback")},
    nav=(
        NavEntry(_("My surveys"), "surveys:mine", "surveys.answer", "/surveys/mine/", "surveys", order=600),
        NavEntry(_("Surveys"), "surveys:list", "surveys.create", "/surveys/manage/", "surveys", order=601),
        NavEntry(_("Write to the mailbox"), "surveys:mailbox-write", "mailbox.write", "/surveys/mailbox/write/",
                 "surveys", order=605),
        NavEntry(_("Mailbox messages"), "surveys:mailbox", "mailbox.handle", "/surveys/mailbox/messages/",
                 "surveys", order=606),
        NavEntry(_("Public replies"), "surveys:mailbox-public", "mailbox.write", "/surveys/mailbox/replies/",
                 "surveys", order=607),
    ),
    urls="xinhuo.surveys.urls",
    url_prefix="surveys/",
    api_routes=(
        ApiRoute("surveys/manage", "xinhuo.surveys.builder.api.SurveyViewSet", "surveys-survey"),
        ApiRoute("surveys/open", "xinhuo.surveys.answering.api.OpenSurveyViewSet", "surveys-open"),
        ApiRoute("surveys/results", "xinhuo.surveys.results.api.ResultViewSet", "surveys-result"),
        ApiRoute("mailbox/messages", "xinhuo.surveys.mailbox.api.MessageViewSet", "mailbox-message"),
    ),
    api_paths="xinhuo.surveys.mailbox.api.PATHS",
    panels=(
        Panel("open_surveys", "surveys/panels/open.html", "xinhuo.surveys.answering.selectors.open_panel", order=60,
              place="list"),
        Panel("mailbox", "surveys/panels/mailbox.html", "xinhuo.surveys.mailbox.selectors.mailbox_panel", order=61,
              place="figure"),
        # the activity page: its effect survey (create it; then status, answers and the short result)
        Panel("activity_effect", "surveys/activity_panel.html", "xinhuo.surveys.results.selectors.activity_panel",
              order=50, place="activity"),
    ),
    api_enums={
        "SurveyPurposeEnum": "xinhuo.surveys.models.Purpose",
        "SurveyStatusEnum": "xinhuo.surveys.models.SurveyStatus",
        "QuestionKindEnum": "xinhuo.surveys.questions.Kind",
        "MessageStatusEnum": "xinhuo.surveys.models.MessageStatus",
        "MailboxBoxEnum": "xinhuo.surveys.models.Box",
    },
    daily_jobs=("xinhuo.surveys.tasks.mailbox_overdue_task", "xinhuo.surveys.tasks.shuffle_task"),
    demo=DemoStep("xinhuo.surveys.demo.build", after=("people", "activities", "elders", "wellbeing")),
    matrix="xinhuo.surveys.tests.matrix.CASES",
    personal_data=PersonalData("xinhuo.surveys.privacy.summary", "xinhuo.surveys.privacy.erase"),  # ORG-9
)
