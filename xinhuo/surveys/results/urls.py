"""Results pages (surveys/urls.py includes them): /surveys/manage/<pk>/results/..."""

from django.urls import path

from . import views

urlpatterns = [
    path("manage/<int:pk>/results/", views.results, name="results"),
    path("manage/<int:pk>/results/texts/<slug:key>/", views.texts, name="results-texts"),
    path("manage/<int:pk>/results/responses/", views.responses, name="results-responses"),
    path("manage/<int:pk>/results/export.xlsx", views.export_xlsx, name="results-export"),
    path("manage/<int:pk>/results/summary.pdf", views.summary_pdf, name="results-summary"),
]
