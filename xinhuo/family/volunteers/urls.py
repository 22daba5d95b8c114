"""Pages of the volunteers part (namespace family:)."""

urlpatterns: list = []
