"""/api/v1/: core's endpoints, then each app's plain paths, then the apps' viewsets, on one router per first
segment of their prefix (`surveys/open` on the `surveys/` router).

Plain paths come first and routes with the longer prefix before the shorter (core.registry.api_routes), so
that `elders/match/` or `plans/tasks/` is never read as an id under `elders/` or `plans/`. One router per
segment because Django tries URL patterns in turn and notes every one it tried: behind a single router of some
two hundred patterns a request to a late route paid for all of them (a survey submission: ~1 ms of CPU in the
profile, bench/load_surveys.py --profile); now it passes a few segment prefixes and its own router's routes.
"""

from django.urls import include, path
from django.utils.module_loading import import_string
from rest_framework.routers import DefaultRouter

from xinhuo.core import api as core_api
from xinhuo.core.registry import api_routes, manifests

routers: dict[str, DefaultRouter] = {}


def register(prefix: str, viewset, basename: str) -> None:
    segment, _slash, rest = prefix.partition("/")
    router = routers.get(segment)
    if router is None:
        router = routers[segment] = DefaultRouter(trailing_slash=True)
        router.include_root_view = False
    router.register(rest, viewset, basename=basename)


register("classes", core_api.SchoolClassViewSet, basename="class")
register("notifications", core_api.NotificationViewSet, basename="notification")
register("tokens", core_api.ApiTokenViewSet, basename="token")
for route in api_routes():
    register(route.prefix, import_string(route.viewset), basename=route.basename)

urlpatterns = [
    path("me/", core_api.MeView.as_view(), name="me"),
    path("token/", core_api.TokenView.as_view(), name="token"),
    *(p for m in manifests() if m.api_paths for p in import_string(m.api_paths)),
    *(path(f"{segment}/", include(router.urls)) for segment, router in routers.items()),
]
