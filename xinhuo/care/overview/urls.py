"""The overview part's pages: the committee's overview and the lists behind its figures.
In the care app's namespace: care/urls.py includes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("overview/<slug:figure>/", views.overview_list, name="overview-list"),
]
