"""Pages of the bursaries part (namespace community:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("bursaries/", views.home, name="bursaries-home"),
    path("bursaries/mine/", views.mine, name="bursaries-mine"),
    path("bursaries/funds/new/", views.fund_form, name="bursaries-fund-new"),
    path("bursaries/funds/<int:pk>/", views.fund_detail, name="bursaries-fund"),
    path("bursaries/funds/<int:pk>/edit/", views.fund_form, name="bursaries-fund-edit"),
    path("bursaries/funds/<int:pk>/donations/", views.donation_add, name="bursaries-donation-add"),
    path("bursaries/funds/<int:pk>/report/", views.report, name="bursaries-report"),
    path("bursaries/funds/<int:pk>/report.xlsx", views.report_xlsx, name="bursaries-report-xlsx"),
    path("bursaries/funds/<int:pk>/donor-report/", views.donor_report, name="bursaries-donor-report"),
    path("bursaries/funds/<int:pk>/donor-report.xlsx", views.donor_report_xlsx, name="bursaries-donor-report-xlsx"),
    path("bursaries/funds/<int:pk>/donor-letter.pdf", views.donor_letter, name="bursaries-donor-letter"),
    path("bursaries/donations/<int:pk>/receipt/", views.donation_receipt, name="bursaries-donation-receipt"),
    path("bursaries/donors/", views.donor_list, name="bursaries-donors"),
    path("bursaries/donors/new/", views.donor_form, name="bursaries-donor-new"),
    path("bursaries/donors/<int:pk>/edit/", views.donor_form, name="bursaries-donor-edit"),
    path("bursaries/grants/", views.grant_list, name="bursaries-grants"),
    path("bursaries/grants/new/", views.grant_new, name="bursaries-grant-new"),
    path("bursaries/grants/<int:pk>/", views.grant_detail, name="bursaries-grant"),
    path("bursaries/grants/<int:pk>/step/", views.grant_step, name="bursaries-grant-step"),
]
