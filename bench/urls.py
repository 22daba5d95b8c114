"""The app's URLs plus the baseline view (used through ROOT_URLCONF override)."""

from django.http import HttpResponse
from django.urls import include, path


def baseline(request):
    """No work at all beyond what every request pays: middleware, session, the user."""
    return HttpResponse(request.user.get_username(), content_type="text/plain")


urlpatterns = [
    path("__bench__/baseline/", baseline, name="bench-baseline"),
    path("", include("xinhuo.urls")),
]
