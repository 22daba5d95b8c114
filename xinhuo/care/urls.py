from django.urls import path  # noqa: F401 - the parts add their routes below

from . import groups_views, mentoring_views, overview_views, study_views, visits_views  # noqa: F401

app_name = "care"
urlpatterns: list = [
    # --- overview: the committee's overview and the lists behind its figures: overview_views.py
    path("", overview_views.overview, name="overview"),
    path("overview/<slug:figure>/", overview_views.overview_list, name="overview-list"),
    # --- end overview
    # --- groups: special-group tags, the groups' settings, support measures, emotional reminders: groups_views.py
    path("tags/", groups_views.tags, name="tags"),
    path("tags/new/", groups_views.tag_new, name="tag-new"),
    path("tags/<int:pk>/", groups_views.tag_detail, name="tag-detail"),
    path("tags/<int:pk>/status/", groups_views.tag_status, name="tag-status"),
    path("tags/<int:pk>/renew/", groups_views.tag_renew, name="tag-renew"),
    path("groups/", groups_views.groups, name="groups"),
    path("groups/new/", groups_views.group_new, name="group-new"),
    path("groups/<int:pk>/", groups_views.group_edit, name="group-edit"),
    path("support/", groups_views.support, name="support"),
    path("support/new/", groups_views.support_new, name="support-new"),
    path("support/reminders/", groups_views.reminders, name="reminders"),
    path("support/<int:pk>/", groups_views.support_detail, name="support-detail"),
    path("support/<int:pk>/edit/", groups_views.support_edit, name="support-edit"),
    # --- end groups
    # --- mentoring: growth mentors, mentoring pairs, matching, contacts, a mentor's mentees: mentoring_views.py
    # --- end mentoring
    # --- visits: the home-visit plan, home visits, follow-up items, forums: visits_views.py
    # --- end visits
    # --- study: the study help desk and career guidance, the growth record: study_views.py
    # --- end study
]
