"""Answering pages (surveys/urls.py includes them): my surveys, a survey page by page, the thank-you page."""

from django.urls import path

from . import views

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/thanks/", views.thanks, name="thanks"),
]
