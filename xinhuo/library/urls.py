"""The library's pages: each part's own urls.py, in one namespace (library:...)."""

from django.urls import include, path

from xinhuo.core import parts

from .apps import PARTS

app_name = "library"
urlpatterns = [path("", include(name)) for name in parts.url_modules("xinhuo.library", PARTS)]
