from django.urls import path  # noqa: F401 - the parts add their routes below

from . import care_views, team_views, views, work_views  # noqa: F401 - each part adds its routes below

app_name = "elders"
urlpatterns: list = [
    # --- registry (ELD-1): views.py
    # --- end registry
    # --- work: matching, assignments, service hours, mentor contacts, the elder's home page: work_views.py
    # --- end work
    # --- care: inspections, training, care visits, recreation, reminders: care_views.py
    # --- end care
    # --- team: mentor pairs, young teachers, research projects, awards and the honour wall: team_views.py
    # --- end team
]
