"""The alerts' pages and the safeguarding settings, in the wellbeing namespace (wellbeing/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert-detail"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("settings/", views.settings, name="settings"),
]
