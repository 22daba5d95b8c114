from django.urls import path  # noqa: F401 - the parts add their routes below

from . import care_views, team_views, views, work_views  # noqa: F401 - each part adds its routes below

app_name = "elders"
urlpatterns: list = [
    # --- registry (ELD-1): views.py
    path("", views.elder_list, name="list"),
    path("new/", views.elder_create, name="create"),
    path("me/", views.my_profile, name="my-profile"),
    path("import/", views.elder_import, name="import"),
    path("import/template/", views.elder_import_template, name="import-template"),
    path("import/errors/<uuid:token>/", views.elder_import_errors, name="import-errors"),
    path("export/", views.elder_export, name="export"),
    path("<int:pk>/", views.elder_detail, name="detail"),
    path("<int:pk>/edit/", views.elder_edit, name="edit"),
    path("<int:pk>/reveal/", views.elder_reveal, name="reveal"),
    path("<int:pk>/availability/", views.availability_add, name="availability-add"),
    path("availability/<int:pk>/remove/", views.availability_remove, name="availability-remove"),
    # --- end registry
    # --- work: matching, assignments, service hours, mentor contacts, the elder's home page: work_views.py
    path("home/", work_views.home, name="home"),
    path("match/", work_views.match, name="match"),
    path("assign/", work_views.assign, name="assign"),
    path("assignments/", work_views.assignment_list, name="assignments"),
    path("assignments/<int:pk>/end/", work_views.assignment_end, name="assignment-end"),
    path("<int:pk>/hours/", work_views.hours, name="hours"),
    path("apprenticeships/<int:pk>/contact/", work_views.contact_new, name="contact-new"),
    # --- end work
    # --- care: inspections, training, care visits, recreation, reminders: care_views.py
    path("inspections/", care_views.inspections, name="inspections"),
    path("inspections/new/", care_views.inspection_new, name="inspection-new"),
    path("inspections/<int:pk>/", care_views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/step/", care_views.inspection_step, name="inspection-step"),
    path("inspections/photos/<int:pk>/", care_views.inspection_photo, name="inspection-photo"),
    path("training/", care_views.training, name="training"),
    path("training/new/", care_views.training_new, name="training-new"),
    path("training/induction/", care_views.induction, name="induction"),
    path("training/<int:pk>/", care_views.training_detail, name="training-detail"),
    path("training/<int:pk>/edit/", care_views.training_edit, name="training-edit"),
    path("training/<int:pk>/attendance/", care_views.training_attendance, name="training-attendance"),
    path("training/files/<int:pk>/", care_views.training_file, name="training-file"),
    path("training/files/<int:pk>/remove/", care_views.training_file_remove, name="training-file-remove"),
    path("care/", care_views.care, name="care"),
    path("care/visits/new/", care_views.care_visit_new, name="care-visit-new"),
    path("care/visits/<int:pk>/edit/", care_views.care_visit_edit, name="care-visit-edit"),
    path("care/visits/<int:pk>/done/", care_views.care_visit_done, name="care-visit-done"),
    path("care/health-check/<int:pk>/", care_views.health_check, name="health-check"),
    path("care/recreation/new/", care_views.recreation_new, name="recreation-new"),
    path("care/recreation/<int:pk>/edit/", care_views.recreation_edit, name="recreation-edit"),
    # --- end care
    # --- team: apprenticeship pairs, young teachers, research projects, awards and the honour wall: team_views.py
    path("pairs/", team_views.pair_list, name="pairs"),
    path("pairs/new/", team_views.pair_new, name="pair-new"),
    path("pairs/<int:pk>/", team_views.pair_detail, name="pair-detail"),
    path("pairs/<int:pk>/end/", team_views.pair_end, name="pair-end"),
    path("young-teachers/", team_views.young_teacher_list, name="young-teachers"),
    path("young-teachers/new/", team_views.young_teacher_new, name="young-teacher-new"),
    path("young-teachers/export/", team_views.young_teacher_export, name="young-teacher-export"),
    path("young-teachers/<int:pk>/", team_views.young_teacher_detail, name="young-teacher-detail"),
    path("young-teachers/<int:pk>/stage/", team_views.young_teacher_stage, name="young-teacher-stage"),
    path("young-teachers/<int:pk>/active/", team_views.young_teacher_active, name="young-teacher-active"),
    path("young-teachers/<int:pk>/participation/", team_views.participation_new, name="participation-new"),
    path("projects/", team_views.project_list, name="projects"),
    path("projects/new/", team_views.project_new, name="project-new"),
    path("projects/<int:pk>/edit/", team_views.project_edit, name="project-edit"),
    path("awards/", team_views.award_list, name="awards"),
    path("awards/new/", team_views.award_new, name="award-new"),
    path("awards/<int:pk>/certificate/", team_views.award_certificate, name="award-certificate"),
    path("awards/<int:pk>/wall/", team_views.award_wall, name="award-wall"),
    path("honours/", team_views.honour_wall, name="honour-wall"),
    # --- end team
]
