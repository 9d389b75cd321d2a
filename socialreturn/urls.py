"""Social return and impact, under /sociaal-rendement/."""

from django.urls import path

from . import views

urlpatterns = [
    path("verplichtingen/", views.obligation_list, name="sroi_obligations"),
    path("verplichtingen/nieuw/", views.obligation_create, name="sroi_obligation_create"),
    path("verplichtingen/<int:pk>/", views.obligation_detail, name="sroi_obligation_detail"),
    path(
        "verplichtingen/<int:pk>/plaatsing/",
        views.contribution_placement_create,
        name="sroi_report_placement",
    ),
    path(
        "verplichtingen/<int:pk>/activiteit/",
        views.contribution_activity_create,
        name="sroi_report_activity",
    ),
    path(
        "verplichtingen/<int:pk>/werving-buiten-portaal/",
        views.contribution_outside_hire_create,
        name="sroi_report_outside_hire",
    ),
    path(
        "verplichtingen/<int:pk>/voortgang-pdf/",
        views.obligation_report_request,
        name="sroi_obligation_report_request",
    ),
    path(
        "voortgangsrapporten/<uuid:public_id>/",
        views.obligation_report_views.status,
        name="sroi_obligation_report_status",
    ),
    path(
        "voortgangsrapporten/<uuid:public_id>/download/",
        views.obligation_report_views.download,
        name="sroi_obligation_report_download",
    ),
    path("organisaties/<slug:slug>/bevestigen/", views.confirmations, name="sroi_confirmations"),
    path(
        "bijdragen/<int:pk>/beoordelen/", views.contribution_decide, name="sroi_contribution_decide"
    ),
    path("impact/", views.impact_dashboard, name="sroi_impact"),
    path("impact/download/<slug:table>.<str:fmt>", views.impact_export, name="sroi_impact_export"),
    path("impact/rapport/", views.impact_report_request, name="sroi_impact_report_request"),
    path(
        "impact/plaatsingen-excel/",
        views.placement_export_request,
        name="sroi_placement_export_request",
    ),
    path(
        "exports/<uuid:public_id>/",
        views.placement_export_views.status,
        name="sroi_placement_export_status",
    ),
    path(
        "exports/<uuid:public_id>/download/",
        views.placement_export_views.download,
        name="sroi_placement_export_download",
    ),
    path(
        "rapporten/<uuid:public_id>/",
        views.impact_report_views.status,
        name="sroi_impact_report_status",
    ),
    path(
        "rapporten/<uuid:public_id>/download/",
        views.impact_report_views.download,
        name="sroi_impact_report_download",
    ),
    path("organisaties/<slug:slug>/nazorg/", views.follow_ups, name="sroi_follow_ups"),
    path(
        "werkgevers/<slug:slug>/banenafspraak-pso/",
        views.employer_impact,
        name="sroi_employer_impact",
    ),
]
