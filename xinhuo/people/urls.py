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
]
