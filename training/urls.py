"""URLs of the training centre's trajectories and cohorts, progress reports and the jobseeker's "My progress".

The paths and names are those they had in `intermediaries`: links people saved keep working.
"""

from django.urls import path

from . import cohort_views, progress_report_views, views

BASE = "organisaties/<slug:slug>/trajecten/<int:pk>/"

urlpatterns = [
    path("organisaties/<slug:slug>/trajecten/", views.trajectory_list, name="trajectory_list"),
    path(BASE, views.trajectory_detail, name="trajectory_detail"),
    path(f"{BASE}status/", views.trajectory_status, name="trajectory_status"),
    path(f"{BASE}coach/", views.trajectory_coach, name="trajectory_coach"),
    path(f"{BASE}doelen/", views.trajectory_goal_add, name="trajectory_goal_add"),
    path(
        f"{BASE}doelen/<int:goal_pk>/status/",
        views.trajectory_goal_status,
        name="trajectory_goal_status",
    ),
    path(
        f"{BASE}doelen/<int:goal_pk>/reactie/",
        views.trajectory_goal_comment,
        name="trajectory_goal_comment",
    ),
    path(f"{BASE}modules/", views.trajectory_module_plan, name="trajectory_module_plan"),
    path(
        f"{BASE}modules/<int:module_pk>/afgerond/",
        views.trajectory_module_complete,
        name="trajectory_module_complete",
    ),
    path(
        f"{BASE}beoordelingen/", views.trajectory_assessment_add, name="trajectory_assessment_add"
    ),
    path("mijn/voortgang/", views.my_progress, name="my_progress"),
    path(
        "mijn/voortgang/doelen/<int:goal_pk>/reactie/",
        views.my_goal_comment,
        name="my_goal_comment",
    ),
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
