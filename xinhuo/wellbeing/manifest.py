"""Psychological health (PSY-1..5): screening, alerts, follow-up, appointments, self-help."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry, Panel, PersonalData

MANIFEST = AppManifest(
    label="wellbeing",
    access_kinds="xinhuo.wellbeing.access_kinds.KINDS",  # what its access-log rows are about
    # PSY-5: item answers and scores are the counsellors' alone; the committee sees aggregates, a head teacher
    # who of their classes has not yet answered
    capabilities={
        "screening.answer": frozenset({R.STUDENT}),
        "screening.manage": frozenset({R.COUNSELLOR}),
        "screening.summary": frozenset({R.COUNSELLOR, R.DIRECTOR, R.LEADER}),
        "screening.progress": frozenset({R.HEAD_TEACHER}),
        "screening.list": frozenset({R.COUNSELLOR, R.DIRECTOR, R.LEADER, R.HEAD_TEACHER}),
        # the counsellors; the safeguarding lead and the director (escalated ones) are chosen by alerts.selectors
        "alerts.view": frozenset({R.COUNSELLOR, R.DIRECTOR, R.LEADER}),
        "wellbeing.settings": frozenset({R.COUNSELLOR, R.DIRECTOR}),
        # three-party follow-up: the counsellor runs a case; a head teacher sees their students' cases (tasks, not
        # answers or notes), a parent their child's (what the school asks of the family, their replies)
        "cases.manage": frozenset({R.COUNSELLOR}),
        "cases.view": frozenset({R.COUNSELLOR, R.HEAD_TEACHER, R.PARENT}),
        # counselling appointments: a student books, a parent books for their child, a head teacher refers
        "appointments.manage": frozenset({R.COUNSELLOR}),
        "appointments.book": frozenset({R.STUDENT, R.PARENT}),
        "appointments.refer": frozenset({R.HEAD_TEACHER}),
        "appointments.view": frozenset({R.COUNSELLOR, R.STUDENT, R.PARENT, R.HEAD_TEACHER}),
        # the self-help corner is for everyone; the counsellors keep it, the peer supporters and talk requests
        "selfhelp.view": ALL_ROLES,
        "selfhelp.manage": frozenset({R.COUNSELLOR}),
        "talk.request": frozenset({R.STUDENT}),
    },
    nav_groups={"wellbeing": _("Psychological health")},
    nav=(
        NavEntry(_("My screenings"), "wellbeing:mine", "screening.answer", "/wellbeing/mine/", "wellbeing",
                 order=350),
        NavEntry(_("Screenings"), "wellbeing:campaigns", "screening.list", "/wellbeing/campaigns/", "wellbeing",
                 order=352),
        NavEntry(_("Scales"), "wellbeing:scales", "screening.manage", "/wellbeing/scales/", "wellbeing", order=354),
        NavEntry(_("Alerts"), "wellbeing:alerts", "alerts.view", "/wellbeing/alerts/", "wellbeing", order=355),
        # a parent sees it once a case about their child is open or was
        NavEntry(_("Follow-up cases"), "wellbeing:cases", "cases.view", "/wellbeing/cases/", "wellbeing",
                 order=356, shown="xinhuo.wellbeing.cases.selectors.has_cases"),
        NavEntry(_("Counselling"), "wellbeing:appointments", "appointments.view", "/wellbeing/appointments/",
                 "wellbeing", order=357),
        NavEntry(_("Self-help corner"), "wellbeing:selfhelp", "selfhelp.view", "/wellbeing/selfhelp/", "wellbeing",
                 order=358),
        NavEntry(_("Safeguarding settings"), "wellbeing:settings", "wellbeing.settings", "/wellbeing/settings/",
                 "wellbeing", order=359),
    ),
    urls="xinhuo.wellbeing.urls",
    url_prefix="wellbeing/",
    api_routes=(
        ApiRoute("wellbeing/campaigns", "xinhuo.wellbeing.api.CampaignViewSet", "wellbeing-campaign"),
        ApiRoute("wellbeing/screenings", "xinhuo.wellbeing.api.ScreeningViewSet", "wellbeing-screening"),
        ApiRoute("wellbeing/alerts", "xinhuo.wellbeing.api.AlertViewSet", "wellbeing-alert"),
        ApiRoute("wellbeing/cases", "xinhuo.wellbeing.cases.api.CaseViewSet", "wellbeing-case"),
        ApiRoute("wellbeing/free-slots", "xinhuo.wellbeing.appointments.api.FreeSlotViewSet", "wellbeing-free-slot"),
        ApiRoute("wellbeing/my-appointments", "xinhuo.wellbeing.appointments.api.MyAppointmentViewSet",
                 "wellbeing-my-appointment"),
        ApiRoute("wellbeing/selfhelp", "xinhuo.wellbeing.selfhelp.api.SelfHelpItemViewSet", "wellbeing-selfhelp"),
        ApiRoute("wellbeing/peer-supporters", "xinhuo.wellbeing.selfhelp.api.PeerSupporterViewSet",
                 "wellbeing-peer-supporter"),
        ApiRoute("wellbeing/talk-requests", "xinhuo.wellbeing.selfhelp.api.TalkRequestViewSet",
                 "wellbeing-talk-request"),
    ),
    panels=(
        Panel("alerts", "wellbeing/panels/alerts.html", "xinhuo.wellbeing.alerts.selectors.alert_panel", order=1,
              place="top"),
        # the counsellor's home page (issue 20): the live cases, the screenings open now, the alerts per month
        Panel("cases", "wellbeing/panels/cases.html", "xinhuo.wellbeing.cases.selectors.case_panel", order=2,
              place="list"),
        Panel("screenings", "wellbeing/panels/screenings.html",
              "xinhuo.wellbeing.screening.selectors.screening_panel", order=3, place="list"),
        Panel("alerts_chart", "wellbeing/panels/alerts_chart.html",
              "xinhuo.wellbeing.alerts.selectors.alert_chart_panel", order=30, place="chart"),
    ),
    frequent_jobs=("xinhuo.wellbeing.tasks.alerts_escalate_task",),
    daily_jobs=("xinhuo.wellbeing.tasks.appointment_reminders_task",),
    demo=DemoStep("xinhuo.wellbeing.demo.build", after=("people", "care")),
    matrix="xinhuo.wellbeing.tests.matrix.CASES",
    personal_data=PersonalData("xinhuo.wellbeing.privacy.summary", "xinhuo.wellbeing.privacy.erase"),  # ORG-9
)
