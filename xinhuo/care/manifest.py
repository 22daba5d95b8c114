"""Care for students: special groups, support, mentoring, home visits, forums, study help, growth records."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES, CARE_STAFF, STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, Handover, NavEntry, Panel, PersonalData, Rollover

MANIFEST = AppManifest(
    label="care",
    access_kinds="xinhuo.care.access_kinds.KINDS",  # what its access-log rows are about
    # the committee (director, leaders) and counsellors see the whole school, a head teacher their classes
    # (rules.py); the admin is technical and sees none of it; parents, students and elders never see a tag
    capabilities={
        # every student of the school: support, home visits, growth notes (others: a head teacher's classes)
        "care.school_wide": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR}),
        "special_groups.view": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR, R.HEAD_TEACHER}),
        "special_groups.all": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR}),  # every tag, not a class's
        "special_groups.manage": frozenset({R.DIRECTOR, R.COUNSELLOR, R.HEAD_TEACHER}),
        "special_groups.manage_all": frozenset({R.DIRECTOR, R.COUNSELLOR}),  # any student's tags (leaders look only)
        "special_groups.configure": frozenset({R.DIRECTOR}),
        # a tag from screening: group, source, note and history for the counsellors, a need-attention flag for the
        # others who see the student's tags (PSY-5; the growth record's screening summary likewise)
        "special_groups.screening": frozenset({R.COUNSELLOR}),
        "support.view": CARE_STAFF,
        "support.record": CARE_STAFF,
        "mentoring.view": STAFF_ROLES - {R.ADMIN} | {R.ELDER, R.STUDENT},  # a mentor sees their own mentees
        "mentoring.manage": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR}),
        "home_visits.view": CARE_STAFF,
        "home_visits.record": CARE_STAFF,
        "forums.view": CARE_STAFF | {R.DEPARTMENT_HEAD},
        "forums.manage": frozenset({R.DIRECTOR, R.LEADER}),
        "study.view": ALL_ROLES,
        "study.manage": frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD}),
        "study.signup": frozenset({R.STUDENT, R.PARENT}),
        "growth.view": CARE_STAFF | {R.DEPARTMENT_HEAD, R.PARENT, R.STUDENT},
        "growth.record": CARE_STAFF,
        # every student's growth record: department heads too, they run the study help desk
        "growth.school_wide": frozenset({R.DIRECTOR, R.LEADER, R.COUNSELLOR, R.DEPARTMENT_HEAD}),
        "care.overview": CARE_STAFF,
        "follow_ups.view": STAFF_ROLES,  # anyone on the staff may own a follow-up item
    },
    nav_groups={"care": _("Care for students")},
    # the committee's daily work first: overview, visits and their follow-ups, groups, support
    nav=(
        NavEntry(_("Care overview"), "care:overview", "care.overview", "/care/", "care", order=300),
        NavEntry(_("Home visits"), "care:visits", "home_visits.view", "/care/visits/", "care", order=305),
        # entries a role holds the capability for but may have nothing in: shown once it has (the menu's `shown`)
        NavEntry(_("Follow-up items"), "care:follow-ups", "follow_ups.view", "/care/follow-ups/", "care",
                 order=310, shown="xinhuo.care.visits.selectors.has_follow_ups"),
        NavEntry(_("Special groups"), "care:tags", "special_groups.view", "/care/tags/", "care", order=315),
        NavEntry(_("Support measures"), "care:support", "support.view", "/care/support/", "care", order=320),
        NavEntry(_("Mentoring pairs"), "care:pairs", "mentoring.manage", "/care/pairs/", "care", order=325),
        NavEntry(_("My mentees"), "care:mentees", "mentoring.view", "/care/mentees/", "care", order=330,
                 shown="xinhuo.care.mentoring.selectors.has_mentees"),
        NavEntry(_("Growth records"), "care:growth", "growth.view", "/care/growth/", "care", order=335),
        NavEntry(_("Study help desk"), "care:study", "study.view", "/care/study/", "care", order=340,
                 shown="xinhuo.care.study.selectors.uses_study_desk"),
        NavEntry(_("Forums"), "care:forums", "forums.view", "/care/forums/", "care", order=345),
    ),
    urls="xinhuo.care.urls",
    url_prefix="care/",
    api_routes=(
        ApiRoute("care/tags", "xinhuo.care.groups.api.TagViewSet", "care-tag"),
        ApiRoute("care/support", "xinhuo.care.groups.api.SupportViewSet", "care-support"),
        ApiRoute("care/mentors", "xinhuo.care.mentoring.api.MentorViewSet", "care-mentor"),
        ApiRoute("care/pairs", "xinhuo.care.mentoring.api.PairViewSet", "care-pair"),
        ApiRoute("care/match", "xinhuo.care.mentoring.api.MatchViewSet", "care-match"),
        ApiRoute("care/home-visits", "xinhuo.care.visits.api.HomeVisitViewSet", "care-home-visit"),
        ApiRoute("care/visit-plan", "xinhuo.care.visits.api.VisitPlanViewSet", "care-visit-plan"),
        ApiRoute("care/follow-ups", "xinhuo.care.visits.api.FollowUpViewSet", "care-follow-up"),
        ApiRoute("care/forums", "xinhuo.care.visits.api.ForumViewSet", "care-forum"),
        ApiRoute("care/study", "xinhuo.care.study.api.StudyProgramViewSet", "care-study"),
        ApiRoute("care/growth", "xinhuo.care.growth.api.GrowthRecordViewSet", "care-growth"),
    ),
    panels=(
        Panel("figures", "care/panels/figures.html", "xinhuo.care.overview.selectors.dashboard_figures", order=40),
        # the committee's and counsellors' students needing attention: by special group, overdue visits and contacts
        Panel("attention", "care/panels/attention.html", "xinhuo.care.overview.selectors.attention_panel", order=20,
              place="chart"),
        # a head teacher's classes, first on their home page; the chart of their classes' home visits (one context)
        Panel("classes", "care/panels/classes.html", "xinhuo.care.overview.selectors.class_panel", order=10,
              place="top"),
        Panel("class-visits", "care/panels/class_visits.html", "xinhuo.care.overview.selectors.class_panel",
              order=20, place="chart"),
    ),
    daily_jobs=("xinhuo.care.tasks.care_reminders_task", "xinhuo.care.tasks.visit_due_task"),
    demo=DemoStep("xinhuo.care.demo.build", after=("people", "elders")),
    matrix="xinhuo.care.tests.matrix.CARE_CASES",
    personal_data=PersonalData("xinhuo.care.privacy.summary", "xinhuo.care.privacy.erase"),  # ORG-9
    rollover=Rollover("xinhuo.care.rollover.preview", "xinhuo.care.rollover.apply", "xinhuo.care.rollover.undo"),
    student_left="xinhuo.care.leaving.students_left",
    handover=Handover("xinhuo.care.handover.items", "xinhuo.care.handover.reassign"),
)
