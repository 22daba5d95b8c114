"""The mentoring part's pages: growth mentors, pairs, matching, contacts, a mentor's mentees.
In the care app's namespace: care/urls.py includes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("mentors/", views.mentors, name="mentors"),
    path("mentors/new/", views.mentor_new, name="mentor-new"),
    path("mentors/<int:pk>/edit/", views.mentor_edit, name="mentor-edit"),
    path("mentors/<int:pk>/reveal/", views.mentor_reveal, name="mentor-reveal"),
    path("pairs/", views.pairs, name="pairs"),
    path("pairs/new/", views.pair_new, name="pair-new"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair-detail"),
    path("pairs/<int:pk>/end/", views.pair_end, name="pair-end"),
    path("pairs/<int:pk>/contact/", views.pair_contact, name="pair-contact"),
    path("pairs/<int:pk>/summary/", views.pair_summary, name="pair-summary"),
    path("pairs/<int:pk>/guardian-phone/", views.mentee_guardian_reveal, name="mentee-guardian-reveal"),
    path("mentees/", views.mentees, name="mentees"),
]
