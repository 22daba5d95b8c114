from django.urls import path

from . import views

app_name = "selections"
urlpatterns = [
    path("", views.selection_list, name="list"),
    path("new/", views.selection_new, name="new"),
    path("honours/", views.honours, name="honours"),
    path("<int:pk>/", views.selection_detail, name="detail"),
    path("<int:pk>/edit/", views.selection_edit, name="edit"),
    path("<int:pk>/step/", views.selection_step, name="step"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/publicity/", views.publicity, name="publicity"),
    path("nominations/<int:pk>/review/", views.review, name="review"),
    path("nominations/<int:pk>/objection/", views.objection_new, name="objection-new"),
    path("nominations/<int:pk>/certificate/", views.certificate_download, name="certificate"),
    path("objections/<int:pk>/handle/", views.objection_handle, name="objection-handle"),
]
