"""Pages of the committee part (namespace family:)."""

urlpatterns: list = []
