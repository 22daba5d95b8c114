"""/api/v1/: core's endpoints, then each app's plain paths, then every app's viewsets on one router.

Plain paths come first and routes with the longer prefix before the shorter (core.registry.api_routes), so
that `elders/match/` or `plans/tasks/` is never read as an id under `elders/` or `plans/`.
"""

from django.urls import include, path
from django.utils.module_loading import import_string
from rest_framework.routers import DefaultRouter

from xinhuo.core import api as core_api
from xinhuo.core.registry import api_routes, manifests

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("classes", core_api.SchoolClassViewSet, basename="class")
router.register("notifications", core_api.NotificationViewSet, basename="notification")
for route in api_routes():
    router.register(route.prefix, import_string(route.viewset), basename=route.basename)

urlpatterns = [
    path("me/", core_api.MeView.as_view(), name="me"),
    path("token/", core_api.TokenView.as_view(), name="token"),
    *(p for m in manifests() if m.api_paths for p in import_string(m.api_paths)),
    path("", include(router.urls)),
]
