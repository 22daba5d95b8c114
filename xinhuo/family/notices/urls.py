"""Pages of the notices part (namespace family:)."""

urlpatterns: list = []
