"""The growth part's pages: the growth record.
In the care app's namespace: care/urls.py includes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("growth/", views.growth, name="growth"),
    path("growth/<int:pk>/", views.growth_detail, name="growth-detail"),
    path("growth/<int:pk>/new/", views.growth_entry_new, name="growth-entry-new"),
    path("growth/entries/<int:pk>/edit/", views.growth_entry_edit, name="growth-entry-edit"),
]
