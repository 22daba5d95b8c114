"""The county committee's pages (namespace evaluation:, under /evaluation/)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("county/", views.home, name="county-home"),
    path("county/schools/<int:pk>/", views.school, name="county-school"),
    path("county/reports/", views.reports, name="county-reports"),
    path("county/reports/<int:pk>/<str:fmt>/", views.report_file, name="county-report-file"),
]
