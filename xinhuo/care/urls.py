from django.urls import path  # noqa: F401 - the parts add their routes below

from . import groups_views, mentoring_views, overview_views, study_views, visits_views  # noqa: F401

app_name = "care"
urlpatterns: list = [
    # --- overview: the committee's overview and the lists behind its figures: overview_views.py
    path("", overview_views.overview, name="overview"),
    path("overview/<slug:figure>/", overview_views.overview_list, name="overview-list"),
    # --- end overview
    # --- groups: special-group tags, the groups' settings, support measures, emotional reminders: groups_views.py
    # --- end groups
    # --- mentoring: growth mentors, mentoring pairs, matching, contacts, a mentor's mentees: mentoring_views.py
    # --- end mentoring
    # --- visits: the home-visit plan, home visits, follow-up items, forums: visits_views.py
    # --- end visits
    # --- study: the study help desk and career guidance, the growth record: study_views.py
    # --- end study
]
