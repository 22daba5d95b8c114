"""Pages of the exchange part (namespace community:)."""

from django.urls import path

from . import views

urlpatterns = [
    path("exchange/", views.timeline, name="exchange-timeline"),
    path("exchange/export/", views.timeline_export, name="exchange-export"),
    path("exchange/peers/", views.peer_list, name="exchange-peers"),
    path("exchange/peers/new/", views.peer_create, name="exchange-peer-create"),
    path("exchange/peers/<int:pk>/", views.peer_detail, name="exchange-peer-detail"),
    path("exchange/peers/<int:pk>/edit/", views.peer_edit, name="exchange-peer-edit"),
    path("exchange/peers/<int:pk>/delete/", views.peer_delete, name="exchange-peer-delete"),
    path("exchange/entries/new/", views.entry_create, name="exchange-entry-create"),
    path("exchange/entries/<int:pk>/", views.entry_detail, name="exchange-entry-detail"),
    path("exchange/entries/<int:pk>/edit/", views.entry_edit, name="exchange-entry-edit"),
    path("exchange/entries/<int:pk>/delete/", views.entry_delete, name="exchange-entry-delete"),
    path("exchange/entries/<int:pk>/done/", views.entry_done, name="exchange-entry-done"),
    path("exchange/entries/<int:pk>/file/", views.entry_file, name="exchange-entry-file"),
    path("exchange/photos/<int:pk>/", views.photo, name="exchange-photo"),
    path("exchange/photos/<int:pk>/delete/", views.photo_delete, name="exchange-photo-delete"),
]
