from django.urls import path

from . import views

urlpatterns = [
    path("mijn/meldingen/", views.notification_list, name="notification_list"),
]
