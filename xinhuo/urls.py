"""Every app's pages under the prefix its manifest declares; the API under /api/v1/ (api_urls.py)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from xinhuo.core.registry import manifests
from xinhuo.core.web import actor_view

urlpatterns = [
    path("", include("xinhuo.core.urls")),
    *(path(m.url_prefix, include(m.urls)) for m in manifests() if m.urls),
    path("api/v1/", include(("xinhuo.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves Swagger UI's start-up script as a file of its own (the CSP refuses inline scripts); the
    # page is the administrator's (api.docs), others get the 404 of any page they may not use
    path("api/docs/", actor_view("api.docs")(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="core/swagger_ui.html")),
        name="api-docs"),
]
