from django.urls import include, path

from . import views

urlpatterns = [
    path("portfolio/<uuid:public_id>/", views.portfolio_detail, name="portfolio_detail"),
    path("", include("portfolios.editor_urls")),
    path("", include("portfolios.documents_urls")),
]
