"""Ranking quality on the judged set (`quality.py`): nDCG@10 and precision@5 per engine,
with related skills and with exact matches only, beside a keyword baseline."""

from io import StringIO

from django.core.management import call_command


def run(report: dict) -> None:
    from tests.bench import quality

    call_command("load_starter_taxonomy", quiet=True, stdout=StringIO())
    world = quality.build()
    for name, values in quality.figures(world).items():
        for metric, value in values.items():
            report[f"quality_{name}_{metric}"] = value
    report["quality_judged_vacancies"] = len(world.vacancies)
    report["quality_judged_people"] = len(world.people)
