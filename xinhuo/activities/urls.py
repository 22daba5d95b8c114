from django.urls import path

from . import views

app_name = "activities"
urlpatterns: list = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_new, name="new"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/step/<slug:action>/", views.activity_transition, name="transition"),
    path("<int:pk>/summary/", views.activity_summarise, name="summarise"),
    path("<int:pk>/photos/", views.photo_add, name="photo-add"),
    path("<int:pk>/files/", views.file_add, name="file-add"),
    path("<int:pk>/evidence/<slug:kind>/<int:item_pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/evidence/<slug:kind>/<int:item_pk>/delete/", views.evidence_delete, name="evidence-delete"),
    path("<int:pk>/tasks/", views.field_task_add, name="field-task-add"),
    path("<int:pk>/tasks/<int:task_pk>/work/", views.field_work_submit, name="field-work-submit"),
    path("<int:pk>/work/<int:work_pk>/feedback/", views.field_work_feedback, name="field-work-feedback"),
    path("<int:pk>/news/", views.publish_news, name="publish-news"),
    path("<int:pk>/signup/", views.signup_add, name="signup"),
    path("<int:pk>/signup/settings/", views.signup_settings, name="signup-settings"),
    path("<int:pk>/signup/<int:signup_pk>/cancel/", views.signup_cancel, name="signup-cancel"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/checkin/<int:signup_pk>/", views.checkin_set, name="checkin-set"),
    path("calendar/", views.activity_calendar, name="calendar"),
]
