"""Pages of the supervision part (namespace governance:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("supervision/", views.home, name="supervision-home"),
    path("supervision/inspections/", views.inspection_list, name="supervision-inspections"),
    path("supervision/inspections/new/", views.inspection_form, name="supervision-inspection-new"),
    path("supervision/inspections/<int:pk>/", views.inspection_detail, name="supervision-inspection"),
    path("supervision/inspections/<int:pk>/edit/", views.inspection_form, name="supervision-inspection-edit"),
    path("supervision/inspections/<int:pk>/items/", views.item_add, name="supervision-item-add"),
    path("supervision/inspections/<int:pk>/items/<int:item_pk>/", views.item_edit, name="supervision-item-edit"),
    path("supervision/inspections/<int:pk>/items/<int:item_pk>/delete/", views.item_delete,
         name="supervision-item-delete"),
    path("supervision/inspections/<int:pk>/done/", views.inspection_done, name="supervision-inspection-done"),
    path("supervision/inspections/<int:pk>/report.docx", views.inspection_report, name="supervision-report"),
    path("supervision/inspections/<int:pk>/rectifications/new/", views.rectification_new,
         name="supervision-rectification-new"),
    path("supervision/rectifications/<int:pk>/", views.rectification_detail, name="supervision-rectification"),
    path("supervision/rectifications/<int:pk>/submit/", views.rectification_submit,
         name="supervision-rectification-submit"),
    path("supervision/rectifications/<int:pk>/step/", views.rectification_step, name="supervision-rectification-step"),
    path("supervision/rectifications/<int:pk>/evidence/", views.evidence_file, name="supervision-evidence"),
    path("supervision/rectifications/<int:pk>/accountability/new/", views.accountability_new,
         name="supervision-accountability-new"),
    path("supervision/accountability/", views.accountability_list, name="supervision-accountability"),
]
