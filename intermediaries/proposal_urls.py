"""Proposing from a search result (intermediaries.propose_views), the jobseeker's proposals
and the employer's inbox per vacancy (intermediaries.proposal_views)."""

from django.urls import path

from . import proposal_views as views
from . import propose_views

urlpatterns = [
    # Proposing from a search result keeps the search's addresses it always had.
    path(
        "zoeken/vacature/<int:pk>/voorstellen/<uuid:public_id>/",
        propose_views.propose,
        name="propose",
    ),
    path(
        "zoeken/kandidaat/<uuid:public_id>/voorstellen/",
        propose_views.propose_choose,
        name="propose_choose",
    ),
    path("mijn/voorstellen/", views.my_proposals, name="my_proposals"),
    path("mijn/voorstellen/<int:pk>/ja/", views.my_proposal_agree, name="my_proposal_agree"),
    path("mijn/voorstellen/<int:pk>/nee/", views.my_proposal_decline, name="my_proposal_decline"),
    path(
        "werkgever/<slug:slug>/vacatures/<int:pk>/voorstellen/",
        views.vacancy_proposals,
        name="vacancy_proposals",
    ),
    path(
        "werkgever/<slug:slug>/vacatures/<int:pk>/voorstellen/<int:proposal_pk>/<slug:action>/",
        views.vacancy_proposal_answer,
        name="vacancy_proposal_answer",
    ),
]
