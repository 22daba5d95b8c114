"""The visits part's pages: the home-visit plan, home visits, follow-up items, forums.
In the care app's namespace: care/urls.py includes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("visits/", views.plan, name="visits"),
    path("visits/new/", views.visit_new, name="visit-new"),
    path("visits/history/", views.visit_history, name="visit-history"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/follow-up/", views.visit_follow_up_add, name="visit-follow-up-add"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
    path("follow-ups/<int:pk>/close/", views.follow_up_close, name="follow-up-close"),
    path("forums/", views.forums, name="forums"),
    path("forums/new/", views.forum_new, name="forum-new"),
    path("forums/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("forums/<int:pk>/edit/", views.forum_edit, name="forum-edit"),
    path("forums/<int:pk>/follow-up/", views.forum_follow_up_add, name="forum-follow-up-add"),
]
