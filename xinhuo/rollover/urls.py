from django.urls import path

from . import views

app_name = "rollover"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.prepare, name="prepare"),
    path("<uuid:pk>/", views.run_detail, name="run"),
    path("<uuid:pk>/progress/", views.run_progress, name="progress"),
    path("<uuid:pk>/apply/", views.run_apply, name="apply"),
    path("<uuid:pk>/undo/", views.run_undo, name="undo"),
]
