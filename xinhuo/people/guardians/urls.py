"""Included into people's URLconf (names in the `people` namespace): guardians through the year (issue 19)."""

from django.urls import path

from . import views

urlpatterns = [
    path("students/<int:pk>/guardians/", views.student_guardians, name="student-guardians"),
    path("students/<int:pk>/guardians/add/", views.guardian_add, name="guardian-add"),
    path("guardians/<int:pk>/edit/", views.guardian_edit, name="guardian-edit"),
    path("guardians/<int:pk>/link/", views.guardian_link, name="guardian-link"),
    path("guardians/<int:pk>/students/<int:student_pk>/", views.guardianship_edit, name="guardianship-edit"),
    path("guardians/<int:pk>/students/<int:student_pk>/unlink/", views.guardian_unlink, name="guardian-unlink"),
    path("guardians/<int:pk>/students/<int:student_pk>/primary/", views.guardian_primary, name="guardian-primary"),
]
