"""Pages of the partners part (namespace community:)."""

from django.urls import path

from . import views

urlpatterns = [
    path("partners/", views.partner_list, name="partners-list"),
    path("partners/new/", views.partner_create, name="partners-create"),
    path("partners/<int:pk>/", views.partner_detail, name="partners-detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partners-edit"),
    path("partners/<int:pk>/contacts/", views.contact_add, name="partners-contact-add"),
    path("partners/<int:pk>/contacts/<int:contact>/delete/", views.contact_delete, name="partners-contact-delete"),
    path("partners/<int:pk>/agreements/new/", views.agreement_create, name="partners-agreement-create"),
    path("partners/activity/<int:activity>/link/", views.activity_link, name="partners-activity-link"),
    path("partners/activity/<int:activity>/unlink/", views.activity_unlink, name="partners-activity-unlink"),
    path("agreements/", views.agreement_list, name="partners-agreement-list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="partners-agreement-detail"),
    path("agreements/<int:pk>/renew/", views.agreement_renew, name="partners-agreement-renew"),
    path("agreements/<int:pk>/terminate/", views.agreement_terminate, name="partners-agreement-terminate"),
    path("agreements/<int:pk>/upload/", views.agreement_upload, name="partners-agreement-upload"),
    path("agreements/<int:pk>/file/", views.agreement_file, name="partners-agreement-file"),
    path("meetings/", views.meeting_list, name="partners-meeting-list"),
    path("meetings/new/", views.meeting_create, name="partners-meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="partners-meeting-detail"),
    path("meetings/<int:pk>/followups/", views.followup_add, name="partners-followup-add"),
    path("followups/<int:pk>/done/", views.followup_done, name="partners-followup-done"),
    path("directory/", views.directory, name="partners-directory"),
    path("directory/new/", views.resource_create, name="partners-resource-create"),
    path("directory/<int:pk>/", views.resource_detail, name="partners-resource-detail"),
    path("directory/<int:pk>/edit/", views.resource_edit, name="partners-resource-edit"),
]
