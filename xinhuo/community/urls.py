"""Community's pages: each part's own urls.py, in one namespace (community:...)."""

from django.urls import include, path

app_name = "community"
urlpatterns = [
    path("", include("xinhuo.community.partners.urls")),  # partners and practice bases, co-building agreements, joint m
    path("", include("xinhuo.community.bursaries.urls")),  # donors, funds, grants to students and the accountability
    path("", include("xinhuo.community.exchange.urls")),  # exchange with peer committees: sister schools and the higher
]
