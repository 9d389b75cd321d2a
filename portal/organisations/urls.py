from django.urls import path

from . import views

urlpatterns = [
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisaties/<slug:slug>/uitnodigen/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisaties/<slug:slug>/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisaties/<slug:slug>/leden/<int:pk>/",
        views.membership_edit,
        name="membership_edit",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
