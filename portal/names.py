"""A person's name as it may turn up in text they wrote, and how to blank it.

An anonymised portfolio or CV must not show the name, but it must not mangle the
rest of the text either. The rules, each with the mistake it prevents:

- A name is removed only as a whole word: "Jan" does not touch "Janssen" or
  "januari".
- Dutch surname particles ("de", "van der", "ter", "'t") are never removed on their
  own: with the surname "de Boer", "aan het eind van de dag" stays as it is. The
  particle goes together with the surname it belongs to ("de Boer", "Anna de Boer").
- The whole name ("Jan de Boer", "jan de boer") and the e-mail address are removed
  in any case; a single part of the name ("Jan", "Boer", "JAN") only where it is
  written with a capital, as names are. Many names are also ordinary words
  ("bakker", "roos", "wil"); written in lower case they are that word.
- Accents do not matter: "José" also removes "Jose" and "JOSÉ".
- A possessive goes with the name: "Jans", "Jan's", "Anna's", "Kees'".
"""

import re
import unicodedata
from collections.abc import Callable

# Dutch (and a few Flemish, German, French) surname particles, lower case, as
# separate words. "van der" and "in 't" are sequences of these.
PARTICLES = frozenset(
    {
        "a",
        "aan",
        "bij",
        "d'",
        "da",
        "de",
        "del",
        "della",
        "den",
        "der",
        "des",
        "di",
        "du",
        "el",
        "het",
        "in",
        "la",
        "le",
        "op",
        "over",
        "'s",
        "'t",
        "te",
        "ten",
        "ter",
        "tot",
        "uit",
        "uijt",
        "van",
        "von",
        "voor",
        "zu",
    }
)

REDACTED = "…"

_POSSESSIVE = r"(?:['’]s|['’]|s)?"
_WORD_END = r"(?!\w)"
_WORD_START = r"(?<!\w)"


def _fold(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _variants() -> dict[str, set[str]]:
    # Every Latin letter with an accent, by the plain letter it folds to.
    table: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        plain = _fold(char)
        if len(plain) == 1 and plain.isascii() and plain.isalpha():
            table.setdefault(plain.lower(), set()).update({char.lower(), char.upper()})
    return table


_ACCENTED = _variants()


def _letter(char: str, *, upper_only: bool = False) -> str:
    """A regex for `char` with or without accent; in any case unless `upper_only`."""
    plain = _fold(char).lower()
    if len(plain) != 1 or not plain.isalpha():
        return re.escape(char)
    options = {plain, plain.upper(), char, char.lower(), char.upper()}
    options |= _ACCENTED.get(plain, set())
    if upper_only:
        options = {option for option in options if not option.islower()}
    return "[" + "".join(sorted(re.escape(option) for option in options)) + "]"


def _word(word: str, *, capital: bool) -> str:
    letters = [_letter(char) if char.isalpha() else re.escape(char) for char in word]
    if capital and word[:1].isalpha():
        letters[0] = _letter(word[0], upper_only=True)
    return "".join(letters)


def _sequence(words: list[str], *, capital: bool) -> str:
    # Words of a name may be split by spaces or, in a double surname, a hyphen.
    return r"[\s\-]+".join(_word(word, capital=capital) for word in words)


def split_surname(last_name: str) -> tuple[list[str], list[list[str]]]:
    """The particles and the surnames proper of `last_name`.

    "de Boer" gives (["de"], [["Boer"]]); "Jansen-van der Berg" gives
    (["van", "der"], [["Jansen"], ["Berg"]]) — each hyphenated part on its own,
    with the particles that precede it kept out of the single-word list.
    """
    particles: list[str] = []
    cores: list[list[str]] = []
    for part in last_name.replace("-", " - ").split():
        if part == "-":
            continue
        if part.lower() in PARTICLES:
            particles.append(part)
        else:
            cores.append([part])
    return particles, cores


def name_words(first_name: str, last_name: str) -> set[str]:
    """Words of the name that identify the person on their own: no particles, no initials."""
    words = first_name.split() + [core[0] for core in split_surname(last_name)[1]]
    return {word for word in words if len(word.rstrip(".")) >= 2 and word.lower() not in PARTICLES}


def name_redactor(*, first_name: str, last_name: str, email: str) -> Callable[[str], str]:
    """A function that blanks this person's name and e-mail address in a text."""
    whole: list[list[str]] = []  # matched in any case
    full_last = last_name.replace("-", " ").split()
    first = first_name.split()
    if first and full_last:
        whole.append(first + full_last)
        whole.append(first[:1] + full_last)
    if len(full_last) > 1:
        whole.append(full_last)  # "de Boer", "van der Berg", "Jansen de Vries"
    if len(first) > 1:
        whole.append(first)
    # Particles with the surname core that follows them: "de Boer" in "Jansen-de Boer".
    words = last_name.replace("-", " ").split()
    for index, word in enumerate(words):
        if word.lower() in PARTICLES:
            continue
        start = index
        while start > 0 and words[start - 1].lower() in PARTICLES:
            start -= 1
        if start < index:
            whole.append(words[start : index + 1])
    single = sorted(name_words(first_name, last_name), key=len, reverse=True)

    alternatives = [
        f"(?i:{_sequence(words, capital=False)})"
        for words in sorted(whole, key=lambda ws: len(" ".join(ws)), reverse=True)
    ]
    if email:
        alternatives.insert(0, f"(?i:{re.escape(email)})")
    alternatives += [_word(word, capital=True) for word in single]
    if not alternatives:
        return lambda text: text
    pattern = re.compile(
        _WORD_START + "(?:" + "|".join(alternatives) + ")" + _POSSESSIVE + _WORD_END
    )
    return lambda text: pattern.sub(REDACTED, text) if text else text
