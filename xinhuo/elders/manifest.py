"""The elders' declarations: the 五老 registry, their work, the committee's team, inspections, training, welfare."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES, STAFF_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, AppManifest, DemoStep, NavEntry, Panel

MANIFEST = AppManifest(
    label="elders",
    access_kinds="xinhuo.elders.access_kinds.KINDS",  # what its access-log rows are about
    # the committee manages; an elder sees their own work; everyone else with elders.view sees names and public
    # roles only (rules.py)
    capabilities={
        "elders.view": STAFF_ROLES | {R.ELDER},
        "elders.manage": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
        # who is told of the elders' matters (a step-down, a new inspection report, the daily reminders)
        "elders.committee": frozenset({R.DIRECTOR, R.LEADER}),
        "elders.health": frozenset({R.DIRECTOR, R.LEADER}),
        "elders.home": frozenset({R.ELDER}),
        "inspections.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.ELDER}),
        "training.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.ELDER}),
        "elder_care.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER}),
        "young_teachers.view": frozenset({R.ADMIN, R.DIRECTOR, R.LEADER, R.YOUNG_TEACHER, R.ELDER}),
        "honours.view": ALL_ROLES,
    },
    nav_groups={"elders": _("Elders' work")},
    nav=(
        NavEntry(_("Elders"), "elders:list", "elders.view", "/elders/", "elders", order=400),
        # an elder's own page stands alone, at the top beside the inbox
        NavEntry(_("My service"), "elders:home", "elders.home", "/elders/home/", order=30),
        # every pair the elder is in, students, new elders and young teachers alike (care's "My mentees" is the
        # teachers' and peer mentors')
        NavEntry(_("My pairs"), "elders:my-pairs", "elders.home", "/elders/my-pairs/", order=31),
        NavEntry(_("Find elders for a need"), "elders:match", "elders.manage", "/elders/match/", "elders", order=410),
        NavEntry(_("Assignments"), "elders:assignments", "elders.manage", "/elders/assignments/", "elders",
                 order=420),
        # the committee's team (pairs, projects and awards are reached from these pages' own tabs)
        NavEntry(_("Young teachers"), "elders:young-teachers", "young_teachers.view", "/elders/young-teachers/",
                 "elders", order=430),
        NavEntry(_("Honour wall"), "elders:honour-wall", "honours.view", "/elders/honours/", "elders", order=440),
        NavEntry(_("Inspection reports"), "elders:inspections", "inspections.view", "/elders/inspections/",
                 "elders", order=450),
        NavEntry(_("Training and study"), "elders:training", "training.view", "/elders/training/", "elders",
                 order=460),
        NavEntry(_("Care for the elders"), "elders:care", "elder_care.view", "/elders/care/", "elders", order=470),
    ),
    urls="xinhuo.elders.urls",
    url_prefix="elders/",
    api_routes=(
        ApiRoute("elders/assignments", "xinhuo.elders.work.api.AssignmentViewSet", "elder-assignment"),
        ApiRoute("elders/awards", "xinhuo.elders.team.api.ElderAwardViewSet", "elder-award"),
        ApiRoute("elders/young-teachers", "xinhuo.elders.team.api.YoungTeacherViewSet", "young-teacher"),
        ApiRoute("elders/pairs", "xinhuo.elders.team.api.ElderPairViewSet", "elder-pair"),
        ApiRoute("elders/inspections", "xinhuo.elders.inspections.api.InspectionViewSet", "elder-inspection"),
        ApiRoute("elders/training", "xinhuo.elders.training.api.TrainingViewSet", "elder-training"),
        ApiRoute("elders/care-visits", "xinhuo.elders.welfare.api.CareVisitViewSet", "elder-care-visit"),
        ApiRoute("elders", "xinhuo.elders.registry.api.ElderViewSet", "elder"),  # the registry: /elders/<id>/ last
    ),
    api_paths="xinhuo.elders.work.api.api_paths",
    # the home page: an elder's next tasks, contacts due and hours; a young teacher's apprenticeship and study; the
    # committee's view of the elders' participation (elders/panels.py)
    panels=(
        Panel("service", "elders/panels/service.html", "xinhuo.elders.panels.service_panel", order=2, place="top"),
        Panel("elder_next", "elders/panels/elder_next.html", "xinhuo.elders.panels.elder_panel", order=3,
              place="top"),
        Panel("elder_pairs", "elders/panels/elder_pairs.html", "xinhuo.elders.panels.elder_panel", order=4,
              place="top"),
        Panel("elder_hours", "elders/panels/elder_hours.html", "xinhuo.elders.panels.elder_panel", order=20,
              place="chart"),
        Panel("young_teacher", "elders/panels/young_teacher.html", "xinhuo.elders.panels.young_teacher_panel",
              order=5, place="top"),
        Panel("count", "elders/panels/count.html", "xinhuo.elders.panels.count_panel", order=20),
        Panel("serving", "elders/panels/serving.html", "xinhuo.elders.panels.participation_panel", order=21),
        Panel("participation", "elders/panels/participation.html", "xinhuo.elders.panels.participation_panel",
              order=30, place="chart"),
    ),
    daily_jobs=("xinhuo.elders.tasks.elder_reminders_task",),
    demo=DemoStep("xinhuo.elders.demo.build", after=("people",)),
    api_enums={
        "ElderStatusEnum": "xinhuo.elders.models.Elder.Status",
        "ElderCategoryEnum": "xinhuo.elders.models.Elder.Category",
        "InspectionStatusEnum": "xinhuo.elders.models.Inspection.Status",
        "InspectionKindEnum": "xinhuo.elders.models.Inspection.Kind",
        "ApprenticeshipPairKindEnum": "xinhuo.elders.models.ApprenticeshipPair.Kind",
        "ElderRoleEnum": "xinhuo.elders.models.ElderRole",
        "YoungTeacherStageEnum": "xinhuo.elders.models.YoungTeacher.Stage",
    },
    matrix="xinhuo.elders.tests.matrix.ELDER_CASES",
    provides={
        "actor.elder_id": "xinhuo.elders.selectors.actor_elder_id",
        "actor.young_teacher_id": "xinhuo.elders.selectors.actor_young_teacher_id",
    },
)
