from django.urls import include, path
from rest_framework.routers import DefaultRouter

from xinhuo.core import api as core_api
from xinhuo.people import api as people_api
from xinhuo.people import roster_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("classes", core_api.SchoolClassViewSet, basename="class")
router.register("students", people_api.StudentViewSet, basename="student")
router.register("guardians", people_api.GuardianViewSet, basename="guardian")
router.register("staff", people_api.StaffViewSet, basename="staff")
router.register("notifications", core_api.NotificationViewSet, basename="notification")
router.register("consents", people_api.ConsentViewSet, basename="consent")

urlpatterns = [
    path("me/", core_api.MeView.as_view(), name="me"),
    path("token/", core_api.TokenView.as_view(), name="token"),
    path("roster/validate/", roster_api.RosterValidateView.as_view(), name="roster-validate"),
    path("roster/import/", roster_api.RosterImportView.as_view(), name="roster-import"),
    path("roster/export/", roster_api.RosterExportView.as_view(), name="roster-export"),
    path("", include(router.urls)),
]
