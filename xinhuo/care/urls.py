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
    path("mentors/", mentoring_views.mentors, name="mentors"),
    path("mentors/new/", mentoring_views.mentor_new, name="mentor-new"),
    path("mentors/<int:pk>/edit/", mentoring_views.mentor_edit, name="mentor-edit"),
    path("mentors/<int:pk>/reveal/", mentoring_views.mentor_reveal, name="mentor-reveal"),
    path("pairs/", mentoring_views.pairs, name="pairs"),
    path("pairs/new/", mentoring_views.pair_new, name="pair-new"),
    path("pairs/<int:pk>/", mentoring_views.pair_detail, name="pair-detail"),
    path("pairs/<int:pk>/end/", mentoring_views.pair_end, name="pair-end"),
    path("pairs/<int:pk>/contact/", mentoring_views.pair_contact, name="pair-contact"),
    path("pairs/<int:pk>/guardian-phone/", mentoring_views.mentee_guardian_reveal, name="mentee-guardian-reveal"),
    path("mentees/", mentoring_views.mentees, name="mentees"),
    # --- end mentoring
    # --- visits: the home-visit plan, home visits, follow-up items, forums: visits_views.py
    path("visits/", visits_views.plan, name="visits"),
    path("visits/new/", visits_views.visit_new, name="visit-new"),
    path("visits/history/", visits_views.visit_history, name="visit-history"),
    path("visits/<int:pk>/", visits_views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/follow-up/", visits_views.visit_follow_up_add, name="visit-follow-up-add"),
    path("follow-ups/", visits_views.follow_ups, name="follow-ups"),
    path("follow-ups/<int:pk>/close/", visits_views.follow_up_close, name="follow-up-close"),
    path("forums/", visits_views.forums, name="forums"),
    path("forums/new/", visits_views.forum_new, name="forum-new"),
    path("forums/<int:pk>/", visits_views.forum_detail, name="forum-detail"),
    path("forums/<int:pk>/edit/", visits_views.forum_edit, name="forum-edit"),
    path("forums/<int:pk>/follow-up/", visits_views.forum_follow_up_add, name="forum-follow-up-add"),
    # --- end visits
    # --- study: the study help desk and career guidance, the growth record: study_views.py
    path("study/", study_views.study, name="study"),
    path("study/new/", study_views.study_new, name="study-new"),
    path("study/<int:pk>/", study_views.study_detail, name="study-detail"),
    path("study/<int:pk>/edit/", study_views.study_edit, name="study-edit"),
    path("study/<int:pk>/signup/", study_views.study_signup, name="study-signup"),
    path("study/<int:pk>/cancel/", study_views.study_cancel, name="study-cancel"),
    path("study/<int:pk>/sessions/new/", study_views.study_session_new, name="study-session-new"),
    path("study/sessions/<int:pk>/attendance/", study_views.study_attendance, name="study-attendance"),
    path("growth/", study_views.growth, name="growth"),
    path("growth/<int:pk>/", study_views.growth_detail, name="growth-detail"),
    path("growth/<int:pk>/new/", study_views.growth_entry_new, name="growth-entry-new"),
    path("growth/entries/<int:pk>/edit/", study_views.growth_entry_edit, name="growth-entry-edit"),
    # --- end study
]
