from django.urls import path

from . import views

app_name = "news"
urlpatterns: list = [
    path("", views.news_list, name="list"),
    path("new/", views.news_new, name="new"),
    path("settings/", views.publicity_settings, name="settings"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("<int:pk>/edit/", views.news_edit, name="edit"),
    path("<int:pk>/publish/", views.news_publish, name="publish"),
    path("<int:pk>/images/", views.image_add, name="image-add"),
    path("<int:pk>/images/<int:image>/", views.news_image, name="image"),
    path("<int:pk>/images/<int:image>/remove/", views.image_remove, name="image-remove"),
    path("<int:pk>/wechat.zip", views.export_zip, name="export-zip"),
    path("<int:pk>/poster.jpg", views.export_poster, name="export-poster"),
    # public: no login (docs/publicity.md)
    path("public/", views.public_home, name="public"),
    path("public/<slug:code>/", views.public_list, name="public-list"),
    path("public/<slug:code>/honours/", views.public_honours, name="public-honours"),
    path("public/<slug:code>/<int:pk>/", views.public_detail, name="public-detail"),
    path("public/<slug:code>/<int:pk>/pictures/<str:kind>/<int:picture>/", views.public_picture,
         name="public-picture"),
]
