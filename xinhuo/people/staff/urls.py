"""Included into people's URLconf (names in the `people` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/new/", views.staff_create, name="staff-create"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/leave/", views.staff_leave, name="staff-leave"),
]
