"""Pages of the profiles part (namespace evaluation:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("profiles/", views.population, name="profiles"),
    path("profiles/export.xlsx", views.population_export, name="profiles-export"),
    path("profiles/students/<int:pk>/", views.student_profile, name="profile-student"),
]
