"""Pages of the resource library (namespace library:, under /library/)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("resources/", views.home, name="resources-home"),
    path("resources/list/", views.resource_list, name="resources-list"),
    path("resources/new/", views.resource_create, name="resources-create"),
    path("resources/<int:pk>/", views.resource_detail, name="resources-detail"),
    path("resources/<int:pk>/file/", views.resource_file, name="resources-file"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="resources-edit"),
    path("resources/<int:pk>/favourite/", views.resource_favourite, name="resources-favourite"),
    path("resources/<int:pk>/rate/", views.resource_rate, name="resources-rate"),
    path("resources/<int:pk>/used-in/", views.used_in_add, name="resources-used-in-add"),
    path("resources/<int:pk>/used-in/<int:link>/remove/", views.used_in_remove, name="resources-used-in-remove"),
    path("resources/collections/", views.collections, name="resources-collections"),
    path("resources/collections/<int:pk>/", views.collection_detail, name="resources-collection"),
    path("resources/collections/<int:pk>/edit/", views.collection_edit, name="resources-collection-edit"),
    path("resources/collections/<int:pk>/delete/", views.collection_delete, name="resources-collection-delete"),
    path("resources/collections/<int:pk>/move/<int:resource>/", views.collection_move,
         name="resources-collection-move"),
]
