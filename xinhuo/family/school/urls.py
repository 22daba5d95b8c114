"""Pages of the school part (namespace family:)."""

urlpatterns: list = []
