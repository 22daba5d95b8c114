"""The mailbox's pages, in the surveys namespace (surveys/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("mailbox/write/", views.write, name="mailbox-write"),
    path("mailbox/sent/", views.sent, name="mailbox-sent"),
    path("mailbox/lookup/", views.lookup, name="mailbox-lookup"),
    path("mailbox/mine/", views.mine, name="mailbox-mine"),
    path("mailbox/replies/", views.public, name="mailbox-public"),
    path("mailbox/messages/", views.message_list, name="mailbox"),
    path("mailbox/messages/<int:pk>/", views.message_detail, name="mailbox-message"),
    path("mailbox/messages/<int:pk>/assign/", views.assign, name="mailbox-assign"),
    path("mailbox/messages/<int:pk>/reply/", views.reply, name="mailbox-reply"),
    path("mailbox/messages/<int:pk>/close/", views.close, name="mailbox-close"),
    path("mailbox/settings/", views.settings_page, name="mailbox-settings"),
]
