from django.urls import path

from . import views

urlpatterns = [
    path("mijn/", views.dashboard, name="dashboard"),
    path("mijn/gegevens/", views.profile, name="profile"),
    path("mijn/inzage/", views.data_access_log, name="data_access_log"),
]
