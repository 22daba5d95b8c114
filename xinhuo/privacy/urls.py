from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.request_list, name="requests"),
    path("new/", views.request_new, name="request-new"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/answer/", views.request_answer, name="request-answer"),
    path("students/<int:student_pk>/summary/", views.summary, name="summary"),
    path("retention/", views.due, name="due"),
    path("retention/leaving/", views.leaving, name="leaving"),
    path("retention/<int:student_pk>/hold/", views.hold, name="hold"),
    path("retention/holds/<int:pk>/release/", views.release, name="release"),
]
