"""Pages of the search part (namespace library:)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("search/", views.search_page, name="search"),
    path("search/words/", views.words_page, name="search-words"),
    path("search/words/<int:pk>/remove/", views.word_remove, name="search-word-remove"),
]
