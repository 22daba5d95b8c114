from django.urls import path

from . import views

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/publish/", views.campaign_publish, name="campaign-publish"),
    path("campaigns/<int:pk>/cancel/", views.campaign_cancel, name="campaign-cancel"),
    path("campaigns/<int:pk>/answer/", views.answer, name="answer"),
    path("campaigns/<int:pk>/results/", views.results, name="results"),
    path("responses/<int:pk>/", views.response_detail, name="response-detail"),
]
