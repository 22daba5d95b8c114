from django.urls import path

from . import views

app_name = "clubs"
urlpatterns = [
    path("", views.club_list, name="list"),
    path("new/", views.club_new, name="new"),
    path("<int:pk>/", views.club_detail, name="detail"),
    path("<int:pk>/edit/", views.club_edit, name="edit"),
    path("<int:pk>/review/", views.club_review, name="review"),
    path("<int:pk>/resubmit/", views.club_resubmit, name="resubmit"),
    path("<int:pk>/close/", views.club_close, name="close"),
    path("<int:pk>/members/", views.club_members, name="members"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member-remove"),
    path("<int:pk>/members/<int:membership_pk>/role/", views.member_role, name="member-role"),
    path("<int:pk>/members/<int:membership_pk>/decide/", views.join_decide, name="join-decide"),
    path("<int:pk>/join/", views.club_join, name="join"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:pk>/showcase/", views.showcase, name="showcase"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo-delete"),
]
