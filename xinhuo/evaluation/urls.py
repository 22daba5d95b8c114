"""Evaluation's pages: each part's own urls.py, in one namespace (evaluation:...)."""

from django.urls import include, path

from xinhuo.core import parts

from .apps import PARTS

app_name = "evaluation"
urlpatterns = [path("", include(name)) for name in parts.url_modules("xinhuo.evaluation", PARTS)]
