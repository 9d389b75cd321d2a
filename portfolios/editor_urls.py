"""The jobseeker's own editor, under /mijn/portfolio/: no ids of people in any URL."""

from django.urls import path

from . import editor

urlpatterns = [
    path("mijn/portfolio/", editor.editor_start, name="portfolio_editor"),
    path("mijn/portfolio/over-mij/", editor.edit_about, name="portfolio_edit_about"),
    path("mijn/portfolio/goed-in/", editor.edit_skills, name="portfolio_edit_skills"),
    path("mijn/portfolio/gedaan/", editor.edit_done, name="portfolio_edit_done"),
    path(
        "mijn/portfolio/gedaan/nieuw/<slug:kind>/",
        editor.edit_done_entry,
        name="portfolio_edit_done_add",
    ),
    path(
        "mijn/portfolio/gedaan/<uuid:block_id>/",
        editor.edit_done_entry,
        name="portfolio_edit_done_entry",
    ),
    path(
        "mijn/portfolio/gedaan/<uuid:block_id>/verwijderen/",
        editor.remove_done_entry,
        name="portfolio_edit_done_remove",
    ),
    path("mijn/portfolio/wat-ik-wil/", editor.edit_wishes, name="portfolio_edit_wishes"),
    path("mijn/portfolio/wie-mag-kijken/", editor.edit_consent, name="portfolio_edit_consent"),
    path("mijn/portfolio/klaar/", editor.edit_publish, name="portfolio_edit_publish"),
    path(
        "mijn/portfolio/bekijken/<slug:audience>/",
        editor.preview,
        name="portfolio_edit_preview",
    ),
    path("mijn/portfolio/versies/", editor.history, name="portfolio_edit_history"),
    path(
        "mijn/portfolio/versies/<int:revision_id>/terugzetten/",
        editor.restore,
        name="portfolio_edit_restore",
    ),
    path(
        "mijn/portfolio/suggesties/<int:suggestion_id>/",
        editor.decide_suggestion,
        name="portfolio_suggestion_decide",
    ),
]
