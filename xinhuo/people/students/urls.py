"""Included into people's URLconf (names in the `people` namespace)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("mine/", views.my_family, name="mine"),  # a parent's children, a student's own page (issue 20)
    path("students/add/", views.student_add, name="student-add"),
    path("students/<int:pk>/edit/", views.student_edit, name="student-edit"),
    path("students/<int:pk>/move/", views.student_move, name="student-move"),
    path("students/<int:pk>/leave/", views.student_leave, name="student-leave"),
    path("students/<int:pk>/return/", views.student_return, name="student-return"),
]
