"""Included into people's URLconf (names in the `people` namespace)."""

urlpatterns: list = []
