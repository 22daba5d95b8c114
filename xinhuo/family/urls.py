"""Home and school's pages: each part's own urls.py, in one namespace (family:...)."""

from django.urls import include, path

app_name = "family"
urlpatterns = [
    path("", include("xinhuo.family.school.urls")),  # the parent school (FAM-1): courses, sessions, micro-lectures
    path("", include("xinhuo.family.committee.urls")),  # the parent committee at school, grade and class level, its m
    path("", include("xinhuo.family.volunteers.urls")),  # parent volunteers: the roster, an activity's requests, who a
    path("", include("xinhuo.family.notices.urls")),  # notices to families with read receipts and replies, per-chil
]
