"""Pages of the assistant part (namespace library:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("assistant/", views.chat_page, name="assistant"),
    path("assistant/log/", views.log_page, name="assistant-log"),
    path("assistant/settings/", views.settings_page, name="assistant-settings"),
]
