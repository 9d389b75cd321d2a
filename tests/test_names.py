"""Blanking a person's name in text they wrote: the name goes, the rest of the text stays."""

import pytest

from portal.names import REDACTED, name_redactor, name_words

X = REDACTED


def redact(text, first="Jan", last="de Boer", email="jan.deboer@example.nl"):
    return name_redactor(first_name=first, last_name=last, email=email)(text)


@pytest.mark.parametrize(
    "text",
    [
        "Aan het eind van de dag ben ik moe.",
        "De klant is koning.",
        "Ik begin in januari bij Janssen Transport.",
        "Ik werkte op een boerderij en daarna als boer.",
        "Van de Ven en Ter Haar zijn mijn collega's.",
        "Mijn vriend Jannes en mijn zus Jantine.",
    ],
)
def test_particles_and_words_that_contain_the_name_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik ben Jan de Boer.", f"Ik ben {X}."),
        ("ik ben jan de boer", f"ik ben {X}"),
        ("Mevrouw De Boer belde.", f"Mevrouw {X} belde."),
        ("Groeten, Jan", f"Groeten, {X}"),
        ("JAN DE BOER", X),
        ("Jans fiets en Jan's auto", f"{X} fiets en {X} auto"),
        ("Boer zei het al.", f"{X} zei het al."),
        ("Mail jan.deboer@example.nl of JAN.DEBOER@EXAMPLE.NL", f"Mail {X} of {X}"),
    ],
)
def test_the_whole_name_goes_in_any_form(text, expected):
    assert redact(text) == expected


def test_a_lower_case_single_word_is_the_ordinary_word_not_the_name():
    # "Bakker" and "Roos" are names, "bakker" and "roos" are a baker and a rose.
    assert redact("Ik was bakker en ik hou van roos.", first="Roos", last="Bakker") == (
        "Ik was bakker en ik hou van roos."
    )
    assert redact("Roos Bakker, bakker", first="Roos", last="Bakker") == f"{X}, bakker"


def test_accents_do_not_hide_the_name():
    text = "José, Jose en JOSÉ; Müller en Muller"
    assert redact(text, first="José", last="Müller", email="") == f"{X}, {X} en {X}; {X} en {X}"
    assert redact("Jose", first="Jose", last="Smit", email="") == X
    assert redact("José", first="Jose", last="Smit", email="") == X


def test_double_surnames_go_as_a_whole_and_in_parts():
    text = "Jansen-van der Berg, Jansen, Berg, Van der Berg; van de berg op; in de bergen"
    assert redact(text, first="Eva", last="Jansen-van der Berg", email="") == (
        f"{X}, {X}, {X}, {X}; van de berg op; in de bergen"
    )


def test_possessive_after_a_vowel_and_after_s():
    text = "Anna's fiets, Kees' fiets, Annabel en Keesje"
    assert redact(text, first="Anna", last="Kees", email="") == (
        f"{X} fiets, {X} fiets, Annabel en Keesje"
    )


def test_name_words_leave_out_particles_and_initials():
    assert name_words("J.", "van der Berg") == {"Berg"}
    assert name_words("Jan Willem", "de Boer") == {"Jan", "Willem", "Boer"}


def test_no_name_changes_nothing():
    assert redact("Ik ben er.", first="", last="", email="") == "Ik ben er."
