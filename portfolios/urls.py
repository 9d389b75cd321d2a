from django.urls import path

from . import views

urlpatterns = [
    path("portfolio/<uuid:public_id>/", views.portfolio_detail, name="portfolio_detail"),
]
