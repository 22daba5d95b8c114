from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
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
]
