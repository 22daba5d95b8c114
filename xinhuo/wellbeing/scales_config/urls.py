from django.urls import path

from . import views

urlpatterns = [
    path("scales/", views.scale_list, name="scales"),
    path("scales/new/", views.scale_new, name="scale-new"),
    path("scales/<int:pk>/", views.scale_detail, name="scale-detail"),
    path("scales/<int:pk>/edit/", views.scale_edit, name="scale-edit"),
    path("scales/<int:pk>/copy/", views.scale_copy, name="scale-copy"),
    path("scales/<int:pk>/ready/", views.scale_ready, name="scale-ready"),
]
