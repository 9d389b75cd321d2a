from django.urls import path

from . import views

urlpatterns = [
    path(
        "zoeken/vacature/<int:pk>/kandidaten/",
        views.vacancy_candidates,
        name="search_vacancy_candidates",
    ),
    path(
        "zoeken/kandidaat/<uuid:public_id>/vacatures/",
        views.candidate_vacancies,
        name="search_candidate_vacancies",
    ),
    path("zoeken/kandidaten/", views.free_search, name="search_free"),
    path("zoeken/bewaard/", views.saved_search_list, name="search_saved_list"),
    path("zoeken/bewaard/nieuw/", views.saved_search_create, name="search_saved_create"),
    path("zoeken/bewaard/<int:pk>/", views.saved_search_edit, name="search_saved_edit"),
    path(
        "zoeken/bewaard/<int:pk>/verwijderen/",
        views.saved_search_delete,
        name="search_saved_delete",
    ),
    path("mijn/vacatures-voor-jou/", views.vacancy_alert, name="search_vacancy_alert"),
]
