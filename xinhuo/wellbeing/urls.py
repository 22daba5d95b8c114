"""Psychological health's pages: each part's own urls.py, in one namespace (wellbeing:...)."""

from django.urls import include, path

app_name = "wellbeing"
urlpatterns = [
    path("", include("xinhuo.wellbeing.screening.urls")),  # campaigns, answering, progress, summary, results
    path("", include("xinhuo.wellbeing.alerts.urls")),  # alerts, acknowledging, the safeguarding settings
    path("", include("xinhuo.wellbeing.cases.urls")),  # three-party follow-up cases, tasks, replies, referrals
    path("", include("xinhuo.wellbeing.appointments.urls")),  # counselling slots and appointments
    path("", include("xinhuo.wellbeing.selfhelp.urls")),  # the self-help corner, peer supporters, talk requests
    path("", include("xinhuo.wellbeing.scales_config.urls")),  # the scales: standard and configured
]
