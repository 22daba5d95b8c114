from django.urls import path

from . import views

app_name = "news"
urlpatterns: list = [
    path("", views.news_list, name="list"),
    path("new/", views.news_new, name="new"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("<int:pk>/edit/", views.news_edit, name="edit"),
    path("<int:pk>/publish/", views.news_publish, name="publish"),
]
