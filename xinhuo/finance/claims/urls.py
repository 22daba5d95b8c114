"""Pages of the claims part (namespace finance:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("claims/", views.mine, name="claims-mine"),
    path("claims/queue/", views.queue, name="claims-queue"),
    path("claims/new/", views.claim_new, name="claims-new"),
    path("claims/<int:pk>/", views.detail, name="claims-detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claims-edit"),
    path("claims/<int:pk>/step/", views.step, name="claims-step"),
    path("claims/<int:pk>/receipts/", views.receipt_add, name="claims-receipt-add"),
    path("claims/receipts/<int:pk>/", views.receipt_file, name="claims-receipt"),
    path("claims/receipts/<int:pk>/remove/", views.receipt_remove, name="claims-receipt-remove"),
]
