"""Pages of the committee part (namespace family:)."""

from django.urls import path

from . import views

urlpatterns = [
    path("committees/", views.committee_list, name="committee-list"),
    path("committees/new/", views.committee_new, name="committee-new"),
    path("committees/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("committees/<int:pk>/members/new/", views.seat_add, name="committee-seat-add"),
    path("committees/members/<int:pk>/end/", views.seat_end, name="committee-seat-end"),
    path("committees/<int:pk>/meetings/new/", views.meeting_new, name="committee-meeting-new"),
    path("committees/meetings/<int:pk>/", views.meeting_detail, name="committee-meeting-detail"),
    path("committees/meetings/<int:pk>/edit/", views.meeting_edit, name="committee-meeting-edit"),
    path("committees/meetings/<int:pk>/approve/", views.meeting_approve, name="committee-meeting-approve"),
    path("mutual-help/", views.group_list, name="mutual-help-list"),
    path("mutual-help/new/", views.group_new, name="mutual-help-new"),
    path("mutual-help/<int:pk>/", views.group_detail, name="mutual-help-detail"),
    path("mutual-help/<int:pk>/members/add/", views.group_member_add, name="mutual-help-member-add"),
    path("mutual-help/members/<int:pk>/end/", views.group_member_end, name="mutual-help-member-end"),
    path("mutual-help/<int:pk>/meetings/add/", views.group_meeting_add, name="mutual-help-meeting-add"),
]
