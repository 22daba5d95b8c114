from django.urls import path  # noqa: F401

app_name = "activities"
# each part adds its paths in its block
urlpatterns: list = [
    # --- activities paths
    # --- end activities paths
    # --- signups paths
    # --- end signups paths
    # --- calendar paths
    # --- end calendar paths
]
