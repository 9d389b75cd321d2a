from django.urls import include, path

from . import views

urlpatterns = [
    path("portfolio/<uuid:public_id>/", views.portfolio_detail, name="portfolio_detail"),
    path(
        "portfolio/<uuid:public_id>/werkgevers/",
        views.coach_employer_approval,
        name="coach_employer_approval",
    ),
    path("", include("portfolios.editor_urls")),
    path("", include("portfolios.documents_urls")),
]
