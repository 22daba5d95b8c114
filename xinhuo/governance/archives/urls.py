"""Pages of the archive (namespace governance:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("archives/", views.home, name="archives-home"),
    path("archives/upload/", views.upload, name="archives-upload"),
    path("archives/due/", views.due, name="archives-due"),
    path("archives/catalogue.xlsx", views.export, name="archives-export"),
    path("archives/<int:pk>/", views.record_detail, name="archives-record"),
    path("archives/<int:pk>/file/", views.record_file, name="archives-record-file"),
    path("archives/<int:pk>/edit/", views.record_edit, name="archives-record-edit"),
    path("archives/<int:pk>/extend/", views.record_extend, name="archives-record-extend"),
    path("archives/<int:pk>/destroy/", views.record_destroy, name="archives-record-destroy"),
]
