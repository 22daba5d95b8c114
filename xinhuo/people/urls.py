from django.urls import include, path

from . import roster_views, views

app_name = "people"
urlpatterns = [
    # roster import and export (ORG-4)
    path("roster/", roster_views.roster_index, name="roster"),
    path("roster/template/", roster_views.roster_template, name="roster-template"),
    path("roster/upload/", roster_views.roster_upload, name="roster-upload"),
    path("roster/imports/<uuid:pk>/", roster_views.roster_import, name="roster-import"),
    path("roster/imports/<uuid:pk>/progress/", roster_views.roster_import_progress, name="roster-import-progress"),
    path("roster/imports/<uuid:pk>/confirm/", roster_views.roster_import_confirm, name="roster-import-confirm"),
    path("roster/imports/<uuid:pk>/errors/", roster_views.roster_import_errors, name="roster-import-errors"),
    path("roster/export/", roster_views.roster_export, name="roster-export"),
    path("students/", views.student_list, name="student-list"),
    path("students/<int:pk>/", views.student_detail, name="student-detail"),
    path("guardians/", views.guardian_list, name="guardian-list"),
    path("guardians/<int:pk>/", views.guardian_detail, name="guardian-detail"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("login/<slug:kind>/<int:pk>/", views.person_login, name="person-login"),
    path("reveal/<slug:kind>/<int:pk>/<slug:field>/", views.reveal, name="reveal"),
    # consent register
    path("students/<int:pk>/consents/", views.consent_student, name="consent-student"),
    path("students/<int:pk>/consents/record/", views.consent_record, name="consent-record"),
    path("consents/register/", views.consent_register, name="consent-register"),
    path("consents/mine/", views.consent_mine, name="consent-mine"),
    path("consents/give/", views.consent_give, name="consent-give"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("consents/coverage/", views.consent_coverage, name="consent-coverage"),
    path("consents/notices/", views.consent_notices, name="consent-notices"),
    # issue 19: people changes through the year
    path("", include("xinhuo.people.students.urls")),
    path("", include("xinhuo.people.guardians.urls")),
    path("", include("xinhuo.people.staff.urls")),
]
