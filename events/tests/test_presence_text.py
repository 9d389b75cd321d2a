"""The organiser reads each person's presence on the day as one sentence per part."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags


def _presence(language: str, **registration) -> str:
    values = {"absent_from": None, "checked_in_at": None, "present_from": 0, "present_until": None}
    with translation.override(language):
        html = render_to_string(
            "events/includes/presence.html",
            {
                "registration": SimpleNamespace(**{**values, **registration}),
                "event": SimpleNamespace(rounds=9),
            },
        )
    return " ".join(strip_tags(html).split())


def test_not_in_yet_and_the_rounds_are_two_parts_not_one_run_on_phrase():
    assert _presence("nl", present_until=5) == "Nog niet binnen · er in ronde 1 tot en met 5"
    assert _presence("en", present_from=5) == "Not checked in yet · there in rounds 6 to 9"


def test_without_rounds_only_the_check_in_is_said():
    assert _presence("nl") == "Nog niet binnen"
