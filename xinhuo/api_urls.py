from django.urls import include, path
from rest_framework.routers import DefaultRouter

from xinhuo.activities import api as activities_api
from xinhuo.care import groups_api as care_groups_api  # noqa: F401
from xinhuo.care import mentoring_api as care_mentoring_api  # noqa: F401
from xinhuo.care import study_api as care_study_api  # noqa: F401
from xinhuo.care import visits_api as care_visits_api  # noqa: F401
from xinhuo.core import api as core_api
from xinhuo.elders import api as elders_api
from xinhuo.elders import care_api as elders_care_api
from xinhuo.elders import team_api as elders_team_api
from xinhuo.elders import work_api as elders_work_api
from xinhuo.news import api as news_api
from xinhuo.people import api as people_api
from xinhuo.people import roster_api
from xinhuo.plans import api as plans_api  # --- plans api import

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("classes", core_api.SchoolClassViewSet, basename="class")
router.register("students", people_api.StudentViewSet, basename="student")
router.register("guardians", people_api.GuardianViewSet, basename="guardian")
router.register("staff", people_api.StaffViewSet, basename="staff")
router.register("notifications", core_api.NotificationViewSet, basename="notification")
router.register("consents", people_api.ConsentViewSet, basename="consent")
router.register("elders/assignments", elders_work_api.AssignmentViewSet, basename="elder-assignment")
# the committee's team: awards (the honour wall), the young teacher reserve, apprenticeship pairs
router.register("elders/awards", elders_team_api.ElderAwardViewSet, basename="elder-award")
router.register("elders/young-teachers", elders_team_api.YoungTeacherViewSet, basename="young-teacher")
router.register("elders/pairs", elders_team_api.ElderPairViewSet, basename="elder-pair")
# care: inspection reports, training sessions, care visits to the elders
router.register("elders/inspections", elders_care_api.InspectionViewSet, basename="elder-inspection")
router.register("elders/training", elders_care_api.TrainingViewSet, basename="elder-training")
router.register("elders/care-visits", elders_care_api.CareVisitViewSet, basename="elder-care-visit")
# care for students (/api/v1/care/...): each part registers its viewsets in its own block
# --- care groups
router.register("care/tags", care_groups_api.TagViewSet, basename="care-tag")
router.register("care/support", care_groups_api.SupportViewSet, basename="care-support")
# --- end care groups
# --- care mentoring
router.register("care/mentors", care_mentoring_api.MentorViewSet, basename="care-mentor")
router.register("care/pairs", care_mentoring_api.PairViewSet, basename="care-pair")
router.register("care/match", care_mentoring_api.MatchViewSet, basename="care-match")
# --- end care mentoring
# --- care visits
router.register("care/home-visits", care_visits_api.HomeVisitViewSet, basename="care-home-visit")
router.register("care/visit-plan", care_visits_api.VisitPlanViewSet, basename="care-visit-plan")
router.register("care/follow-ups", care_visits_api.FollowUpViewSet, basename="care-follow-up")
router.register("care/forums", care_visits_api.ForumViewSet, basename="care-forum")
# --- end care visits
# --- care study
router.register("care/study", care_study_api.StudyProgramViewSet, basename="care-study")
router.register("care/growth", care_study_api.GrowthRecordViewSet, basename="care-growth")
# --- end care study
# activities, plans, news, selections, clubs: each part registers its viewsets in its own block
# --- activities api
router.register("activities", activities_api.ActivityViewSet, basename="activity")
# --- end activities api
# --- signups api
# --- end signups api
# --- plans api
# tasks first: "plans/<id>/" takes digits only, but the more specific prefix is registered before it anyway
router.register("plans/tasks", plans_api.TaskViewSet, basename="plan-task")
router.register("plans", plans_api.PlanViewSet, basename="plan")
# --- end plans api
# --- news api
router.register("news", news_api.NewsViewSet, basename="news")
# --- end news api
# --- selections api
from xinhuo.selections import api as selections_api  # noqa: E402

router.register("selections", selections_api.SelectionViewSet, basename="selection")
# --- end selections api
# --- clubs api
from xinhuo.clubs import api as clubs_api  # noqa: E402 - kept inside the clubs block

router.register("clubs", clubs_api.ClubViewSet, basename="club")
# --- end clubs api
# the registry last: /elders/<id>/ takes digits only, so the parts above are never read as an id
router.register("elders", elders_api.ElderViewSet, basename="elder")  # the registry (ELD-1)

urlpatterns = [
    path("me/", core_api.MeView.as_view(), name="me"),
    path("token/", core_api.TokenView.as_view(), name="token"),
    path("roster/validate/", roster_api.RosterValidateView.as_view(), name="roster-validate"),
    path("roster/import/", roster_api.RosterImportView.as_view(), name="roster-import"),
    path("roster/export/", roster_api.RosterExportView.as_view(), name="roster-export"),
    # elders' work: before the router, so that these paths are never read as an elder's id
    path("elders/match/", elders_work_api.MatchView.as_view(), name="elder-match"),
    path("elders/apprenticeship-contacts/", elders_work_api.ApprenticeshipContactView.as_view(),
         name="elder-apprenticeship-contacts"),
    path("elders/hours/<int:pk>/", elders_work_api.HoursView.as_view(), name="elder-hours"),
    # care: plain views (not viewsets), each part in its block
    # --- care paths
    # --- end care paths
    # --- activities paths
    path("activities/calendar/", activities_api.CalendarView.as_view(), name="activity-calendar"),
    # --- end activities paths
    # --- plans paths
    # --- end plans paths
    path("", include(router.urls)),
]
