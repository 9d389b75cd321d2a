"""Benchmark of the skill taxonomy: ESCO import of 15,000 skills and autocomplete latency.

`run(report)` expects a configured Django test database (the lead wires it into
`make bench`); it fills:

- report["esco_import_15k_seconds"]: importing a synthetic ESCO CSV download of
  15,000 skills (nl + en, about 6 labels each) and 300 occupations;
- report["autocomplete_15k_index_build_ms"]: the first request (builds the index);
- report["autocomplete_15k_p50_ms"], report["autocomplete_15k_p95_ms"]: ~200
  realistic queries (prefixes, typos, swapped words, synonyms) through the Django
  test client, signed in.

Standalone (creates and drops its own test database, prints JSON):
    DATABASE_URL=... .venv/bin/python tests/bench/taxonomy_bench.py
"""

from __future__ import annotations

import csv
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_NAMESPACE = "https://talentbrug.nl/taxonomie/bench/"
SKILLS = 15_000
OCCUPATIONS = 300
QUERIES = 200

VERBS = [
    "bedienen",
    "schoonmaken",
    "controleren",
    "repareren",
    "installeren",
    "monteren",
    "sorteren",
    "inpakken",
    "plannen",
    "bewaken",
    "onderhouden",
    "lassen",
    "zagen",
    "snijden",
    "verven",
    "koken",
    "bakken",
    "serveren",
    "verkopen",
    "tellen",
    "laden",
    "lossen",
    "rijden",
    "besturen",
    "meten",
    "tekenen",
    "schrijven",
    "lezen",
    "verzorgen",
    "begeleiden",
    "ontvangen",
    "registreren",
    "bestellen",
    "opruimen",
    "vervangen",
    "afstellen",
    "slijpen",
    "boren",
    "frezen",
    "solderen",
    "poetsen",
    "wassen",
    "strijken",
    "snoeien",
    "maaien",
    "planten",
]
OBJECTS = [
    "heftruck",
    "vloeren",
    "machines",
    "pallets",
    "kassa",
    "ramen",
    "toiletten",
    "gereedschap",
    "leidingen",
    "kabels",
    "stellingen",
    "dozen",
    "pakketten",
    "voorraad",
    "planten",
    "heggen",
    "gazons",
    "bomen",
    "tegels",
    "muren",
    "daken",
    "kozijnen",
    "deuren",
    "keukens",
    "maaltijden",
    "broodjes",
    "koffie",
    "glazen",
    "borden",
    "pannen",
    "bestellingen",
    "klanten",
    "bezoekers",
    "cliënten",
    "kinderen",
    "ouderen",
    "patiënten",
    "documenten",
    "facturen",
    "brieven",
    "voertuigen",
    "bussen",
    "vrachtwagens",
    "containers",
    "schappen",
    "producten",
    "onderdelen",
    "motoren",
    "pompen",
    "installaties",
]
EN_VERBS = [
    "operate",
    "clean",
    "check",
    "repair",
    "install",
    "assemble",
    "sort",
    "pack",
    "plan",
    "monitor",
    "maintain",
    "weld",
    "saw",
    "cut",
    "paint",
    "cook",
    "bake",
    "serve",
    "sell",
    "count",
    "load",
    "unload",
    "drive",
    "steer",
    "measure",
    "draw",
]
SYLLABLES = [
    "ka",
    "ro",
    "me",
    "ti",
    "lu",
    "ba",
    "de",
    "vo",
    "ni",
    "sa",
    "pe",
    "gu",
    "ra",
    "le",
    "mo",
    "ki",
    "ta",
    "za",
    "fe",
    "ho",
    "bri",
    "stra",
    "ver",
    "ont",
    "ge",
    "be",
    "aan",
    "af",
    "op",
    "uit",
    "in",
    "sch",
    "kr",
    "pl",
    "gr",
    "tr",
]
TYPO_QUERIES = ["hefruck", "schoonmakn", "kasa bedienen", "rijden heftruk", "pallts laden"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def write_synthetic_esco(directory: Path, *, skills: int = SKILLS, seed: int = 7) -> list[str]:
    """Write an ESCO-layout CSV set of `skills` skills; return some of their Dutch labels."""
    rng = random.Random(seed)
    header_nl = [
        "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
        "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme",
        "description",
    ]  # fmt: skip
    uris, labels = [], []
    with (
        (directory / "skills_nl.csv").open("w", encoding="utf-8", newline="") as nl_file,
        (directory / "skills_en.csv").open("w", encoding="utf-8", newline="") as en_file,
    ):
        nl, en = csv.writer(nl_file), csv.writer(en_file)
        nl.writerow(header_nl)
        en.writerow(header_nl)
        for number in range(skills):
            uri = f"{BENCH_NAMESPACE}skill/{number}"
            uris.append(uri)
            special = _word(rng)
            preferred = f"{rng.choice(OBJECTS)} {special} {rng.choice(VERBS)}"
            alternatives = [
                f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                f"{special} {rng.choice(OBJECTS)}",
                f"{_word(rng)} {rng.choice(VERBS)}",
            ]
            hidden = special[:-1] + special[-1] * 2
            skill_type = "knowledge" if number % 7 == 0 else "skill/competence"
            description = f"Je kunt {preferred}, ook als het druk is."
            nl.writerow(["KnowledgeSkillCompetence", uri, skill_type, "sector-specific", preferred,
                         "\n".join(alternatives), hidden, "released", "", "", "", "", description])  # fmt: skip
            en.writerow(["KnowledgeSkillCompetence", uri, skill_type, "sector-specific",
                         f"{rng.choice(EN_VERBS)} {special}", f"{special} work", "", "released",
                         "", "", "", "", f"You can {rng.choice(EN_VERBS)} {special}."])  # fmt: skip
            if number % 50 == 0:
                labels.extend([preferred, *alternatives])
    header_occ = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
                  "hiddenLabels", "status", "description", "code"]  # fmt: skip
    with (directory / "occupations_nl.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header_occ)
        for number in range(OCCUPATIONS):
            writer.writerow(["Occupation", f"{BENCH_NAMESPACE}occupation/{number}", "9333",
                             f"medewerker {_word(rng)}", f"{_word(rng)}er", "", "released",
                             "Doet het werk.", ""])  # fmt: skip
    with (directory / "occupationSkillRelations_en.csv").open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.writer(handle)
        writer.writerow(["occupationUri", "relationType", "skillType", "skillUri"])
        for number in range(OCCUPATIONS):
            for skill_uri in rng.sample(uris, 12):
                relation = "essential" if rng.random() < 0.5 else "optional"
                writer.writerow([f"{BENCH_NAMESPACE}occupation/{number}", relation, "", skill_uri])
    with (directory / "broaderRelationsSkillPillar_en.csv").open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.writer(handle)
        writer.writerow(["conceptType", "conceptUri", "broaderType", "broaderUri"])
        for number in range(1, skills, 10):
            writer.writerow(
                ["KnowledgeSkillCompetence", uris[number], "KnowledgeSkillCompetence", uris[0]]
            )
    return labels


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1 :] if rng.random() < 0.5 else word[:at] + "x" + word[at + 1 :]


def realistic_queries(labels: list[str], *, count: int = QUERIES, seed: int = 11) -> list[str]:
    """What people type: prefixes of words, typos, swapped word order, whole synonyms."""
    rng = random.Random(seed)
    queries = [*TYPO_QUERIES, "heftruck", "schoonmaken", "kassa", "koffie", "lassen"]
    while len(queries) < count:
        words = rng.choice(labels).split()
        kind = rng.random()
        if kind < 0.3:
            queries.append(words[0][: rng.randint(2, len(words[0]))])
        elif kind < 0.55:
            queries.append(" ".join([*words[:-1], words[-1][: max(2, len(words[-1]) - 3)]]))
        elif kind < 0.8:
            queries.append(" ".join(_typo(word, rng) for word in words[:2]))
        else:
            queries.append(" ".join(reversed(words)))
    return queries[:count]


def _cleanup() -> None:
    from portal.taxonomy.models import Concept, ConceptLabel, OccupationSkill
    from portal.taxonomy.services import taxonomy_changed

    bench = Concept.objects.filter(uri__startswith=BENCH_NAMESPACE)
    ConceptLabel.objects.filter(concept__in=bench).delete()
    OccupationSkill.objects.filter(occupation__in=bench).delete()
    Concept.broader.through.objects.filter(from_concept__in=bench).delete()
    bench.delete()
    taxonomy_changed()


def run(report: dict) -> None:
    """Measure the 15k-skill import and autocomplete latency; write the figures into `report`."""
    from django.test import Client

    from portal.accounts.models import User
    from portal.taxonomy.autocomplete import reset_index
    from portal.taxonomy.services import taxonomy_import

    with tempfile.TemporaryDirectory(prefix="esco-bench-") as temp:
        directory = Path(temp)
        labels = write_synthetic_esco(directory)
        started = time.perf_counter()
        result = taxonomy_import(directory=directory, languages=["nl", "en"], progress=False)
        report["esco_import_15k_seconds"] = round(time.perf_counter() - started, 2)
    assert result.created == SKILLS + OCCUPATIONS, result.summary()

    try:
        user, _created = User.objects.get_or_create(
            email="bench-taxonomy@example.nl", defaults={"first_name": "Bench"}
        )
        client = Client()
        client.force_login(user)
        reset_index()
        started = time.perf_counter()
        client.get("/taxonomie/zoeken/", {"q": "heftruck", "lang": "nl"})
        report["autocomplete_15k_index_build_ms"] = round((time.perf_counter() - started) * 1000, 1)
        timings, empty = [], 0
        for query in realistic_queries(labels):
            started = time.perf_counter()
            response = client.get("/taxonomie/zoeken/", {"q": query, "lang": "nl", "limit": 10})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            empty += not response.json()["results"]
        timings.sort()
        report["autocomplete_15k_p50_ms"] = round(statistics.median(timings), 2)
        report["autocomplete_15k_p95_ms"] = round(timings[int(len(timings) * 0.95) - 1], 2)
        report["autocomplete_15k_queries_without_result"] = empty
    finally:
        _cleanup()
        reset_index()


def main() -> None:
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    report: dict = {"database": connection.vendor}
    try:
        run(report)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
