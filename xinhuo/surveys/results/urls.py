"""results pages (surveys/urls.py includes them)."""

urlpatterns: list = []
