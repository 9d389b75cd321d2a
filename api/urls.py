from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("organisaties/<slug:slug>/api-sleutels/", views.key_list, name="api_key_list"),
    path("organisaties/<slug:slug>/api-sleutels/nieuw/", views.key_create, name="api_key_create"),
    path(
        "organisaties/<slug:slug>/api-sleutels/<int:pk>/intrekken/",
        views.key_revoke,
        name="api_key_revoke",
    ),
    path("organisaties/<slug:slug>/webhooks/", views.webhook_list, name="webhook_list"),
    path("organisaties/<slug:slug>/webhooks/nieuw/", views.webhook_create, name="webhook_create"),
    path(
        "organisaties/<slug:slug>/webhooks/<int:pk>/verwijderen/",
        views.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "werkgever/<slug:slug>/vacatures/importeren/",
        views.vacancy_import,
        name="vacancy_import",
    ),
    path("mijn/portfolio/importeren/", views.portfolio_import, name="portfolio_import"),
    path("mijn/api-tokens/", views.token_list, name="api_token_list"),
    path("mijn/api-tokens/nieuw/", views.token_create, name="api_token_create"),
    path("mijn/api-tokens/<int:pk>/intrekken/", views.token_revoke, name="api_token_revoke"),
]
