"""URLs of the training centre's cohort page and of progress report PDFs."""

from django.urls import path

from . import cohort_views, progress_report_views

urlpatterns = [
    path("organisaties/<slug:slug>/cohorten/", cohort_views.cohorts, name="cohorts"),
    path(
        "organisaties/<slug:slug>/voortgangsrapport/<int:jobseeker_pk>/",
        progress_report_views.progress_report_request,
        name="progress_report_request",
    ),
    path(
        "mijn/voortgang/rapport/",
        progress_report_views.my_progress_report_request,
        name="my_progress_report_request",
    ),
    path(
        "voortgangsrapporten/<uuid:public_id>/",
        progress_report_views.progress_report_status,
        name="progress_report_status",
    ),
    path(
        "voortgangsrapporten/<uuid:public_id>/download/",
        progress_report_views.progress_report_download,
        name="progress_report_download",
    ),
]
