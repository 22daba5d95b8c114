"""Pages of the bursaries part (namespace community:)."""

urlpatterns: list = []
