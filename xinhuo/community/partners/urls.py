"""Pages of the partners part (namespace community:)."""

urlpatterns: list = []
