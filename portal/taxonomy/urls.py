from django.urls import path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("taxonomie/zoeken/", views.concept_search, name="concept_search"),
]
