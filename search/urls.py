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
    path(
        "zoeken/vacature/<int:pk>/voorstellen/<uuid:public_id>/",
        views.propose,
        name="search_propose",
    ),
]
