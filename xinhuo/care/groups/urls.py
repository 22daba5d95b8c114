"""The groups part's pages: special-group tags, the groups' settings, support, reminders.
In the care app's namespace: care/urls.py includes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("tags/", views.tags, name="tags"),
    path("tags/new/", views.tag_new, name="tag-new"),
    path("tags/<int:pk>/", views.tag_detail, name="tag-detail"),
    path("tags/<int:pk>/status/", views.tag_status, name="tag-status"),
    path("tags/<int:pk>/renew/", views.tag_renew, name="tag-renew"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_new, name="group-new"),
    path("groups/<int:pk>/", views.group_edit, name="group-edit"),
    path("support/", views.support, name="support"),
    path("support/new/", views.support_new, name="support-new"),
    path("support/reminders/", views.reminders, name="reminders"),
    path("support/<int:pk>/", views.support_detail, name="support-detail"),
    path("support/<int:pk>/edit/", views.support_edit, name="support-edit"),
]
