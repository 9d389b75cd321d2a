"""URLs of caseloads and proposals; each part of the screens keeps its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("intermediaries.caseload_urls")),
    path("", include("intermediaries.proposal_urls")),
]
