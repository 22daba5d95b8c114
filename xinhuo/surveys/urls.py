"""Surveys' pages: each part's own urls.py, in one namespace (surveys:...)."""

from django.urls import include, path

app_name = "surveys"
urlpatterns = [
    path("", include("xinhuo.surveys.builder.urls")),  # building, publishing, copies, templates, preview
    path("", include("xinhuo.surveys.answering.urls")),  # my surveys, answering page by page
    path("", include("xinhuo.surveys.results.urls")),  # statistics, charts, exports
    path("", include("xinhuo.surveys.mailbox.urls")),  # the mailbox: writing, tracking code, handling, replies
]
