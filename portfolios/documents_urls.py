"""Evidence files, PDF CVs and "my data". Included from portfolios/urls.py."""

from django.urls import path

from . import document_views as views

urlpatterns = [
    path("mijn/bewijs/", views.evidence_list, name="evidence_list"),
    path(
        "mijn/bewijs/<uuid:public_id>/verwijderen/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("bewijs/<uuid:public_id>/", views.evidence_file, name="evidence_file"),
    path("portfolio/<uuid:public_id>/cv/", views.cv_request, name="cv_request"),
    path("cv/<uuid:public_id>/", views.cv_status, name="cv_status"),
    path("cv/<uuid:public_id>/download/", views.cv_download, name="cv_download"),
    path("mijn/gegevens/alles/", views.my_data, name="my_data"),
    path("mijn/gegevens/alles/aanvragen/", views.data_export_request, name="data_export_request"),
    path(
        "mijn/gegevens/alles/<uuid:public_id>/download/",
        views.data_export_download,
        name="data_export_download",
    ),
    path("mijn/account-verwijderen/", views.account_erase, name="account_erase"),
]
