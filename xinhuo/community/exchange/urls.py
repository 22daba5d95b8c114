"""Pages of the exchange part (namespace community:)."""

urlpatterns: list = []
