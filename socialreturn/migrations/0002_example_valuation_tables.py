"""Ship the example valuation tables (socialreturn/data/), labelled as examples."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "example_valuation_tables.json"
MONEY_FIELDS = (
    "full_time_hours",
    "minimum_hours",
    "hourly_rate",
    "bonus_fifty_plus",
    "bonus_statushouder",
    "bonus_language_gap",
    "bonus_permanent_contract",
)


def add_examples(apps, schema_editor):
    ValuationTable = apps.get_model("socialreturn", "ValuationTable")
    ValuationRow = apps.get_model("socialreturn", "ValuationRow")
    for spec in json.loads(DATA.read_text(encoding="utf-8"))["tables"]:
        if ValuationTable.objects.filter(name=spec["name"], authority=None).exists():
            continue
        table = ValuationTable.objects.create(
            name=spec["name"],
            is_example=True,
            valid_from=spec["valid_from"],
            source=spec["source"],
            **{field: Decimal(spec[field]) for field in MONEY_FIELDS},
        )
        ValuationRow.objects.bulk_create(
            ValuationRow(table=table, starting_position=position, value=Decimal(value), sort_order=i)
            for i, (position, value) in enumerate(spec["rows"].items())
        )


def remove_examples(apps, schema_editor):
    ValuationTable = apps.get_model("socialreturn", "ValuationTable")
    names = [spec["name"] for spec in json.loads(DATA.read_text(encoding="utf-8"))["tables"]]
    ValuationTable.objects.filter(authority=None, is_example=True, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("socialreturn", "0001_initial")]

    operations = [migrations.RunPython(add_examples, remove_examples)]
