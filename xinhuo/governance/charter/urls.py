"""Pages of the charter part (namespace governance:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("charter/", views.home, name="charter-home"),
    path("charter/new/", views.document_new, name="charter-document-new"),
    path("charter/<int:pk>/", views.document_detail, name="charter-document"),
    path("charter/<int:pk>/draft/", views.draft_new, name="charter-draft-new"),
    path("charter/<int:pk>/diff/", views.diff, name="charter-diff"),
    path("charter/versions/<int:pk>/", views.version_detail, name="charter-version"),
    path("charter/versions/<int:pk>/edit/", views.version_edit, name="charter-version-edit"),
    path("charter/versions/<int:pk>/step/", views.version_step, name="charter-version-step"),
]
