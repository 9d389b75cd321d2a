"""The coach's screens: caseload and the organisation's proposals."""

from django.urls import path

from . import caseload_views as views

urlpatterns = [
    path("organisaties/<slug:slug>/caseload/", views.caseload, name="caseload"),
    path(
        "organisaties/<slug:slug>/caseload/<int:jobseeker_pk>/toewijzen/",
        views.caseload_assign,
        name="caseload_assign",
    ),
    path(
        "organisaties/<slug:slug>/caseload/<int:jobseeker_pk>/overdragen/",
        views.caseload_hand_over,
        name="caseload_hand_over",
    ),
    path(
        "organisaties/<slug:slug>/voorstellen/",
        views.organisation_proposals,
        name="organisation_proposals",
    ),
    path(
        "organisaties/<slug:slug>/voorstellen/<int:pk>/intrekken/",
        views.organisation_proposal_withdraw,
        name="organisation_proposal_withdraw",
    ),
    path(
        "organisaties/<slug:slug>/voorstellen/<int:pk>/doelgroep/",
        views.organisation_proposal_target_group,
        name="organisation_proposal_target_group",
    ),
]
