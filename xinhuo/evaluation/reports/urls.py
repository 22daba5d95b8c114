"""Pages of the year-end report (namespace evaluation:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("reports/", views.home, name="reports-home"),
    path("reports/<int:pk>/", views.detail, name="reports-detail"),
    path("reports/<int:pk>/progress/", views.progress, name="reports-progress"),
    path("reports/<int:pk>/regenerate/", views.regenerate, name="reports-regenerate"),
    path("reports/<int:pk>/sections/<slug:key>/", views.section, name="reports-section"),
    path("reports/<int:pk>/sections/<slug:key>/reset/", views.section_reset, name="reports-section-reset"),
    path("reports/<int:pk>/finalise/", views.finalise, name="reports-finalise"),
    path("reports/<int:pk>/submit/", views.submit_to_county, name="reports-submit"),
    path("reports/<int:pk>/report.docx", views.download, {"kind": "docx"}, name="reports-docx"),
    path("reports/<int:pk>/report.pdf", views.download, {"kind": "pdf"}, name="reports-pdf"),
]
