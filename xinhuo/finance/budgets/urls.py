"""Pages of the budgets part (namespace finance:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("budgets/", views.home, name="budgets-home"),
    path("budgets/new/", views.budget_new, name="budgets-new"),
    path("budgets/<int:pk>/", views.budget_detail, name="budgets-detail"),
    path("budgets/<int:pk>/edit/", views.budget_edit, name="budgets-edit"),
    path("budgets/<int:pk>/approve/", views.budget_approve, name="budgets-approve"),
    path("budgets/<int:pk>/lines/new/", views.line_form, name="budgets-line-new"),
    path("budgets/lines/<int:line_pk>/edit/", views.line_form, name="budgets-line-edit"),
    path("budgets/lines/<int:line_pk>/delete/", views.line_delete, name="budgets-line-delete"),
    path("budgets/commitments/<int:pk>/move/", views.commitment_move, name="budgets-commitment-move"),
    path("budgets/commitments/<int:pk>/release/", views.commitment_release, name="budgets-commitment-release"),
    path("settings/", views.settings_page, name="budgets-settings"),
    path("report/", views.report, name="budgets-report"),
    path("report.xlsx", views.report_xlsx, name="budgets-report-xlsx"),
    path("report.docx", views.report_docx, name="budgets-report-docx"),
]
