from django.urls import path

from . import views

urlpatterns = [
    path("werkgever/aanmelden/", views.employer_signup, name="employer_signup"),
    path("werkgever/<slug:slug>/vacatures/", views.employer_vacancies, name="employer_vacancies"),
    path("werkgever/<slug:slug>/vacatures/nieuw/", views.vacancy_create, name="vacancy_create"),
    path("werkgever/<slug:slug>/gegevens/", views.employer_profile, name="employer_profile"),
    path("werkgever/vacatures/<int:pk>/", views.vacancy_manage, name="vacancy_manage"),
    path("werkgever/vacatures/<int:pk>/stap/<slug:step>/", views.vacancy_edit, name="vacancy_edit"),
    path("werkgever/vacatures/<int:pk>/publiceren/", views.vacancy_publish, name="vacancy_publish"),
    path("werkgever/vacatures/<int:pk>/sluiten/", views.vacancy_close, name="vacancy_close"),
    path(
        "werkgever/vacatures/<int:pk>/kopieren/",
        views.vacancy_duplicate,
        name="vacancy_duplicate",
    ),
    path("vacatures/", views.vacancy_list, name="vacancy_list"),
    path("vacatures/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
]
