"""The builder's pages (/surveys/manage/...), in the surveys namespace (surveys/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("manage/", views.survey_list, name="list"),
    path("manage/new/", views.survey_create, name="create"),
    path("manage/templates/", views.survey_templates, name="templates"),
    path("manage/<int:pk>/", views.survey_detail, name="detail"),
    path("manage/<int:pk>/edit/", views.survey_edit, name="edit"),
    path("manage/<int:pk>/preview/", views.survey_preview, name="preview"),
    path("manage/<int:pk>/questions/new/", views.question_add, name="question-add"),
    path("manage/<int:pk>/questions/<int:qpk>/", views.question_edit, name="question-edit"),
    path("manage/<int:pk>/questions/<int:qpk>/delete/", views.question_delete, name="question-delete"),
    path("manage/<int:pk>/questions/<int:qpk>/move/", views.question_move, name="question-move"),
    path("manage/<int:pk>/publish/", views.survey_publish, name="publish"),
    path("manage/<int:pk>/close/", views.survey_close, name="close"),
    path("manage/<int:pk>/copy/", views.survey_copy, name="copy"),
    path("manage/<int:pk>/new-version/", views.survey_new_version, name="new-version"),
    path("manage/<int:pk>/delete/", views.survey_delete, name="delete"),
    path("manage/activity/<int:activity_pk>/effect-survey/", views.activity_effect, name="activity-effect"),
]
