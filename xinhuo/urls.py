from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("xinhuo.core.urls")),
    path("people/", include("xinhuo.people.urls")),
    path("elders/", include("xinhuo.elders.urls")),
    path("care/", include("xinhuo.care.urls")),
    path("activities/", include("xinhuo.activities.urls")),
    path("plans/", include("xinhuo.plans.urls")),
    path("news/", include("xinhuo.news.urls")),
    path("selections/", include("xinhuo.selections.urls")),
    path("clubs/", include("xinhuo.clubs.urls")),
    path("api/v1/", include(("xinhuo.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
