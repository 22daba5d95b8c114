"""Included into people's URLconf (names in the `people` namespace)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("students/add/", views.student_add, name="student-add"),
    path("students/<int:pk>/edit/", views.student_edit, name="student-edit"),
    path("students/<int:pk>/move/", views.student_move, name="student-move"),
    path("students/<int:pk>/leave/", views.student_leave, name="student-leave"),
    path("students/<int:pk>/return/", views.student_return, name="student-return"),
]
