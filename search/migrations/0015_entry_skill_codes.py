from django.db import migrations

import search.models

# The entries of an existing index get their skill rows' codes (`search.models.skill_code`,
# 8 levels per concept) here, so that no rebuild is needed; before the index that
# includes them is built. SQLite's statements never read them.
FILL_CODES = (
    "UPDATE search_portfolioentry e SET skill_codes = COALESCE(("
    "SELECT ARRAY_AGG(s.concept_id * 8 + s.level ORDER BY s.concept_id)"
    " FROM search_portfolioskillrow s WHERE s.portfolio_id = e.portfolio_id), '{}')"
)

# The update leaves every entry's old version behind, and the searches that read every
# entry would read those pages too (2,871 pages at 100k, against 1,469 written afresh):
# CLUSTER rewrites the table compactly, and unlike VACUUM FULL runs in the migration's
# transaction.
COMPACT = (
    "CLUSTER search_portfolioentry USING search_portfolioentry_pkey",
    "ALTER TABLE search_portfolioentry SET WITHOUT CLUSTER",
)


def fill_codes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_CODES)
        for statement in COMPACT:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0014_everyone_counted_once"),
    ]

    operations = [
        migrations.AddField(
            model_name="portfolioentry",
            name="skill_codes",
            field=search.models.SkillCodes(null=True),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="portfolioentry",
            index=search.models.PostgresCoveringIndex(
                fields=["place_id", "reach_limit_km"],
                include=(
                    "portfolio_id",
                    "network",
                    "employers",
                    "reach_km",
                    "hours_min",
                    "hours_max",
                    "work_types",
                    "driving_licences",
                    "certificates",
                    "dutch_level",
                    "updated_at",
                    "available_from",
                    "municipality",
                    "occupations",
                    "skill_codes",
                ),
                name="search_entry_place_codes",
            ),
        ),
    ]
