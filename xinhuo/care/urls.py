"""The care app's pages: each part's own urls.py, in one namespace (care:...)."""

from django.urls import include, path

app_name = "care"
urlpatterns = [
    path("", include("xinhuo.care.overview.urls")),  # the committee's overview and the lists behind its figures
    path("", include("xinhuo.care.groups.urls")),  # special-group tags, the groups' settings, support, reminders
    path("", include("xinhuo.care.mentoring.urls")),  # growth mentors, pairs, matching, contacts, a mentor's mentees
    path("", include("xinhuo.care.visits.urls")),  # the home-visit plan, home visits, follow-up items, forums
    path("", include("xinhuo.care.study.urls")),  # the study help desk and career guidance
    path("", include("xinhuo.care.growth.urls")),  # the growth record
]
