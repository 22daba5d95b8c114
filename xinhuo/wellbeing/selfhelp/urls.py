"""The self-help corner's pages, in the wellbeing namespace (wellbeing/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("selfhelp/", views.item_list, name="selfhelp"),
    path("selfhelp/new/", views.item_create, name="selfhelp-create"),
    path("selfhelp/<int:pk>/", views.item_detail, name="selfhelp-item"),
    path("selfhelp/<int:pk>/audio/", views.item_audio, name="selfhelp-audio"),
    path("selfhelp/<int:pk>/edit/", views.item_edit, name="selfhelp-edit"),
    path("selfhelp/<int:pk>/publish/", views.item_publish, name="selfhelp-publish"),
    path("selfhelp/supporters/", views.supporter_list, name="selfhelp-supporters"),
    path("selfhelp/supporters/new/", views.supporter_create, name="selfhelp-supporter-create"),
    path("selfhelp/supporters/<int:pk>/edit/", views.supporter_edit, name="selfhelp-supporter-edit"),
    path("selfhelp/talk/", views.talk_mine, name="talk-mine"),
    path("selfhelp/talk/requests/", views.talk_list, name="talk-requests"),
    path("selfhelp/talk/requests/<int:pk>/", views.talk_detail, name="talk-request"),
    path("selfhelp/talk/requests/<int:pk>/answer/", views.talk_answer, name="talk-answer"),
]
