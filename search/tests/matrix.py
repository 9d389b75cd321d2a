"""Permission-matrix rows for the free search, saved searches and "new vacancies for you"
(registered in tests/test_permission_matrix.py).

Staff of approved intermediaries and approved employers' recruiters and admins search
freely; a saved search is its owner's alone (404 for everyone else who may search, so
it cannot be probed); "new vacancies for you" is a jobseeker's.
"""

from django.urls import reverse

from search.models import SavedSearch


def coach_saved_search(world) -> int:
    """A saved search of the world's coach."""
    return SavedSearch.objects.create(
        owner=world.coach, name="Heftruck bij Veendam", criteria={"plaats": "9641", "straal": 25}
    ).pk


def rows():
    # Imported here: the matrix module is still being built when it asks for these rows.
    from tests.test_permission_matrix import (
        DONE,
        NOT_FOUND,
        OK,
        Row,
        intermediary_staff,
        jobseekers_only,
    )

    def searchers(outcome):
        return {**intermediary_staff(outcome), "recruiter": outcome}

    def owner(outcome):
        """The coach's own saved search: other searchers 404, everyone else 403."""
        return {**searchers(NOT_FOUND), "coach": outcome}

    def saved_url(name: str):
        return lambda c: reverse(name, args=[coach_saved_search(c.world)])

    return [
        Row("search_free", "empty", lambda c: reverse("search_free"), searchers(OK)),
        Row(
            "search_free",
            "skill word, place and hours",
            lambda c: (
                reverse("search_free")
                + "?vaardigheid_zoek=heftruck&plaats=Veendam&straal=25&uren=24&rijbewijs=B"
            ),
            searchers(OK),
        ),
        Row("search_saved_list", "own", lambda c: reverse("search_saved_list"), searchers(OK)),
        Row(
            "search_saved_create",
            "save",
            lambda c: reverse("search_saved_create") + "?plaats=9641&straal=25",
            searchers(DONE),
            method="post",
            data={"name": "Heftruck bij Veendam", "alerts": "on"},
        ),
        Row("search_saved_edit", "the coach's", saved_url("search_saved_edit"), owner(OK)),
        Row(
            "search_saved_edit",
            "rename the coach's",
            saved_url("search_saved_edit"),
            owner(DONE),
            method="post",
            data={"name": "Nieuwe naam", "alerts": "on"},
        ),
        Row(
            "search_saved_edit",
            "unknown",
            lambda c: reverse("search_saved_edit", args=[999999]),
            searchers(NOT_FOUND),
        ),
        Row("search_saved_delete", "ask", saved_url("search_saved_delete"), owner(OK)),
        Row(
            "search_saved_delete",
            "the coach's",
            saved_url("search_saved_delete"),
            owner(DONE),
            method="post",
        ),
        Row(
            "search_vacancy_alert",
            "own",
            lambda c: reverse("search_vacancy_alert"),
            jobseekers_only(OK),
        ),
        Row(
            "search_vacancy_alert",
            "switch on",
            lambda c: reverse("search_vacancy_alert"),
            jobseekers_only(DONE),
            method="post",
            data={"aan": "on", "email": "on"},
        ),
    ]
