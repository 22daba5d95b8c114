"""Pages of the meetings part (namespace governance:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_form, name="meeting-new"),
    path("meetings/actions/", views.action_list, name="meeting-actions"),
    path("meetings/actions/<int:pk>/close/", views.action_close, name="meeting-action-close"),
    path("meetings/actions/<int:pk>/remove/", views.action_remove, name="meeting-action-remove"),
    path("meetings/series/", views.series_list, name="meeting-series"),
    path("meetings/series/new/", views.series_form, name="meeting-series-new"),
    path("meetings/series/<int:pk>/", views.series_form, name="meeting-series-edit"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_form, name="meeting-edit"),
    path("meetings/<int:pk>/step/", views.meeting_step, name="meeting-step"),
    path("meetings/<int:pk>/reply/", views.reply, name="meeting-reply"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/actions/", views.action_add, name="meeting-action-add"),
    path("meetings/<int:pk>/minutes.docx", views.minutes_docx, name="meeting-docx"),
]
