"""The study part's pages: the study help desk and career guidance.
In the care app's namespace: care/urls.py includes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("study/", views.study, name="study"),
    path("study/new/", views.study_new, name="study-new"),
    path("study/<int:pk>/", views.study_detail, name="study-detail"),
    path("study/<int:pk>/edit/", views.study_edit, name="study-edit"),
    path("study/<int:pk>/signup/", views.study_signup, name="study-signup"),
    path("study/<int:pk>/cancel/", views.study_cancel, name="study-cancel"),
    path("study/<int:pk>/sessions/new/", views.study_session_new, name="study-session-new"),
    path("study/sessions/<int:pk>/attendance/", views.study_attendance, name="study-attendance"),
]
