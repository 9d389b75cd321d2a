"""The jobseeker's proposals and the employer's inbox per vacancy (intermediaries.proposal_views)."""

from django.urls import path

from . import proposal_views as views

urlpatterns = [
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
