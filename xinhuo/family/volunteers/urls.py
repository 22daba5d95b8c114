"""Pages of the volunteers part (namespace family:)."""

from django.urls import path

from . import views

urlpatterns = [
    path("volunteers/me/", views.mine, name="volunteers-mine"),
    path("volunteers/roster/", views.roster, name="volunteers-roster"),
    path("volunteers/requests/", views.requests, name="volunteers-requests"),
    path("volunteers/activity/<int:activity_pk>/ask/", views.request_new, name="volunteers-request-new"),
    path("volunteers/requests/<int:pk>/", views.request_detail, name="volunteers-request"),
    path("volunteers/requests/<int:pk>/invite/", views.request_invite, name="volunteers-request-invite"),
    path("volunteers/requests/<int:pk>/hours/", views.request_hours, name="volunteers-request-hours"),
    path("volunteers/requests/<int:pk>/answer/", views.answer, name="volunteers-answer"),
    path("volunteers/hours/", views.hours, name="volunteers-hours"),
]
