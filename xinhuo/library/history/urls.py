"""Pages of the school history (namespace library:, under /library/)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("history/", views.timeline, name="history-timeline"),
    path("history/new/", views.item_create, name="history-create"),
    path("history/<int:pk>/", views.item_detail, name="history-detail"),
    path("history/<int:pk>/file/", views.item_file, name="history-file"),
    path("history/<int:pk>/edit/", views.item_edit, name="history-edit"),
]
