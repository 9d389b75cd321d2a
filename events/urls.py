"""Meet & Match events (events.views)."""

from django.urls import path

from . import views

urlpatterns = [
    path("evenementen/", views.event_list, name="event_list"),
    path("evenementen/nieuw/", views.event_create, name="event_create"),
    path("evenementen/<int:pk>/", views.event_detail, name="event_detail"),
    path(
        "evenementen/<int:pk>/werkgever/",
        views.employer_registration,
        name="event_employer_register",
    ),
    path(
        "evenementen/<int:pk>/aanmelden/",
        views.jobseeker_registration,
        name="event_jobseeker_register",
    ),
    path(
        "evenementen/<int:pk>/wensen/<slug:side>/<int:registration>/",
        views.event_wishes,
        name="event_wishes",
    ),
    path("evenementen/<int:pk>/rooster/", views.event_schedule, name="event_schedule"),
    path("evenementen/<int:pk>/rooster/maken/", views.schedule_make, name="event_schedule_make"),
    path("evenementen/<int:pk>/mijn-rooster/", views.my_schedule, name="my_schedule"),
    path(
        "evenementen/<int:pk>/download/mijn-rooster.pdf",
        views.my_schedule_pdf,
        name="my_schedule_pdf",
    ),
    path(
        "evenementen/<int:pk>/download/tafelkaarten.pdf",
        views.table_cards_pdf,
        name="table_cards_pdf",
    ),
    path("evenementen/<int:pk>/dag/", views.event_day, name="event_day"),
    path("evenementen/<int:pk>/dag/volgende-ronde/", views.next_round, name="event_next_round"),
    # Before the marks: "tijden" would otherwise be read as a mark.
    path(
        "evenementen/<int:pk>/dag/<slug:kind>/<int:registration>/tijden/",
        views.participant_times,
        name="event_participant_times",
    ),
    path(
        "evenementen/<int:pk>/dag/<slug:kind>/<int:registration>/<slug:mark>/",
        views.participant_mark,
        name="event_participant_mark",
    ),
    path(
        "evenementen/<int:pk>/afmelden/<int:registration>/",
        views.registration_withdraw,
        name="event_withdraw",
    ),
    path(
        "evenementen/<int:pk>/werkgever/<int:registration>/afmelden/",
        views.employer_withdraw,
        name="event_employer_withdraw",
    ),
    path("evenementen/<int:pk>/annuleren/", views.event_cancel, name="event_cancel"),
    path("evenementen/<int:pk>/heropenen/", views.event_reopen, name="event_reopen"),
    path(
        "evenementen/<int:pk>/gesprekken/<int:meeting>/uitkomst/",
        views.meeting_outcome,
        name="event_meeting_outcome",
    ),
]
