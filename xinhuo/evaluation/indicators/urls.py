"""Pages of the indicators part (namespace evaluation:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("indicators/", views.home, name="indicators-home"),
    path("indicators/<int:pk>/", views.detail, name="indicators-detail"),
    path("indicators/settings/", views.settings_home, name="indicators-settings"),
    path("indicators/settings/<int:pk>/", views.settings_dimension, name="indicators-settings-dimension"),
    path("indicators/snapshots/", views.snapshots, name="indicators-snapshots"),
]
