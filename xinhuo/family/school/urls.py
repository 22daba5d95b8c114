"""Pages of the school part (namespace family:)."""

from django.urls import path

from . import views

urlpatterns = [
    path("school/", views.home, name="school-home"),
    path("school/mine/", views.mine, name="school-mine"),
    path("school/courses/new/", views.course_create, name="school-course-create"),
    path("school/courses/<int:pk>/", views.course_detail, name="school-course"),
    path("school/courses/<int:pk>/edit/", views.course_edit, name="school-course-edit"),
    path("school/courses/<int:pk>/sessions/new/", views.session_create, name="school-session-create"),
    path("school/courses/<int:pk>/lectures/new/", views.lecture_create, name="school-lecture-create"),
    path("school/courses/<int:pk>/materials/new/", views.material_create, name="school-material-create"),
    path("school/sessions/<int:pk>/", views.session_detail, name="school-session"),
    path("school/sessions/<int:pk>/edit/", views.session_edit, name="school-session-edit"),
    path("school/sessions/<int:pk>/register/", views.session_register, name="school-session-register"),
    path("school/sessions/<int:pk>/checkin/", views.checkin, name="school-checkin"),
    path("school/sessions/<int:pk>/walkin/", views.walkin, name="school-walkin"),
    path("school/registrations/<int:pk>/cancel/", views.registration_cancel, name="school-registration-cancel"),
    path("school/registrations/<int:pk>/checkin/", views.checkin_set, name="school-checkin-set"),
    path("school/lectures/<int:pk>/", views.lecture_detail, name="school-lecture"),
    path("school/lectures/<int:pk>/edit/", views.lecture_edit, name="school-lecture-edit"),
    path("school/lectures/<int:pk>/media/", views.lecture_media, name="school-lecture-media"),
    path("school/lectures/<int:pk>/ended/", views.lecture_ended, name="school-lecture-ended"),
    path("school/lectures/<int:pk>/quiz/", views.lecture_quiz, name="school-lecture-quiz"),
    path("school/materials/<int:pk>/", views.material_download, name="school-material"),
    path("school/attendance/", views.attendance, name="school-attendance"),
    path("school/attendance/invite/", views.invite, name="school-invite"),
    path("school/excellent/", views.excellent, name="school-excellent"),
    path("school/certificates/<int:pk>/", views.certificate_pdf, name="school-certificate"),
]
