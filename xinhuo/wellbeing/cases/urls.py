"""The follow-up cases' pages, in the wellbeing namespace (wellbeing/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/step/", views.case_step, name="case-step"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("cases/<int:pk>/tasks/", views.task_add, name="case-task-add"),
    path("cases/<int:pk>/tasks/<int:task>/done/", views.task_done, name="case-task-done"),
    path("cases/<int:pk>/messages/", views.message_post, name="case-message"),
    path("cases/<int:pk>/referrals/", views.referral_add, name="case-referral-add"),
    path("cases/<int:pk>/referrals/<int:referral>/", views.referral_update, name="case-referral-update"),
]
