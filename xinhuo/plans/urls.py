from django.urls import path

from . import views

app_name = "plans"
urlpatterns: list = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("tasks/", views.task_list, name="tasks"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/status/", views.plan_status, name="status"),
    path("<int:pk>/delete/", views.plan_delete, name="delete"),
    path("<int:pk>/print/", views.plan_print, name="print"),
    path("<int:pk>/export/", views.plan_export, name="export"),
    path("<int:pk>/sections/new/", views.section_create, name="section-create"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section-delete"),
    path("sections/<int:pk>/move/", views.section_move, name="section-move"),
    path("sections/<int:pk>/tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task-delete"),
    path("tasks/<int:pk>/move/", views.task_move, name="task-move"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task-progress"),
    path("tasks/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence-remove"),
]
