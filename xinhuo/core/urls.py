from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("switch-school/", views.switch_school, name="switch-school"),
    path("elder-mode/", views.elder_mode, name="elder-mode"),
    path("language/", views.set_language, name="set-language"),
    path("structure/", views.structure, name="structure"),
    path("structure/years/new/", views.year_create, name="year-create"),
    path("structure/terms/new/", views.term_create, name="term-create"),
    path("structure/grades/new/", views.grade_create, name="grade-create"),
    path("structure/classes/new/", views.class_create, name="class-create"),
    path("structure/classes/<int:pk>/head-teacher/", views.class_head_teacher, name="class-head-teacher"),
    path("structure/departments/new/", views.department_create, name="department-create"),
    path("committee/", views.committee, name="committee"),
    path("committee/new/", views.committee_edit, name="committee-create"),
    path("committee/<int:pk>/", views.committee_edit, name="committee-edit"),
    path("committee/<int:pk>/remove/", views.committee_remove, name="committee-remove"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_detail, name="inbox-detail"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox-read-all"),
    path("notices/", views.notification_send, name="notification-send"),
    path("notices/<uuid:batch>/", views.notification_receipts, name="notification-receipts"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_create, name="account-create"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/reset-password/", views.account_reset_password, name="account-reset-password"),
    path("accounts/<int:pk>/active/", views.account_set_active, name="account-set-active"),
    path("accounts/<int:pk>/roles/<int:membership_pk>/remove/", views.membership_remove, name="membership-remove"),
    path("logs/access/", views.access_log, name="access-log"),
    path("logs/audit/", views.audit_log, name="audit-log"),
]
