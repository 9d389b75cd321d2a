"""Record where every label and relation came from (issue 13, item 4).

Rows stored before this get the source "legacy": the next import of any source replaces
them for the concepts it names, so after `load_starter_taxonomy` and `import_esco` have run
once more, every row has its real source.

`Concept.broader` gets an explicit through model on the same table (with the names of
Django's automatic one), so nothing is copied and `broader`/`narrower` keep working.
"""

import django.db.models.deletion
from django.db import migrations, models


def mark_legacy(apps, schema_editor):
    ConceptLabel = apps.get_model("taxonomy", "ConceptLabel")
    OccupationSkill = apps.get_model("taxonomy", "OccupationSkill")
    ConceptBroader = apps.get_model("taxonomy", "ConceptBroader")
    ConceptLabel.objects.update(source="legacy")
    for relation in OccupationSkill.objects.all().iterator():
        relation.sources = {"legacy": relation.relation_type}
        relation.save(update_fields=["sources"])
    ConceptBroader.objects.update(sources=["legacy"])


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ConceptBroader",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("from_concept", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="taxonomy.concept")),
                        ("to_concept", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="taxonomy.concept")),
                    ],
                    options={
                        "verbose_name": "broader link",
                        "verbose_name_plural": "broader links",
                        "db_table": "taxonomy_concept_broader",
                        "unique_together": {("from_concept", "to_concept")},
                    },
                ),
                migrations.AlterField(
                    model_name="concept",
                    name="broader",
                    field=models.ManyToManyField(blank=True, related_name="narrower", through="taxonomy.ConceptBroader", through_fields=("from_concept", "to_concept"), to="taxonomy.concept", verbose_name="broader"),
                ),
            ]
        ),
        migrations.AddField(
            model_name="conceptbroader",
            name="sources",
            field=models.JSONField(blank=True, default=list, verbose_name="sources"),
        ),
        migrations.AddField(
            model_name="concept",
            name="source_data",
            field=models.JSONField(blank=True, default=dict, verbose_name="data per source"),
        ),
        migrations.RemoveConstraint(model_name="conceptlabel", name="unique_concept_label"),
        migrations.AddField(
            model_name="conceptlabel",
            name="source",
            field=models.CharField(default="staff", max_length=64, verbose_name="source"),
        ),
        migrations.AddConstraint(
            model_name="conceptlabel",
            constraint=models.UniqueConstraint(fields=("concept", "language", "kind", "text", "source"), name="unique_concept_label_source"),
        ),
        migrations.AddField(
            model_name="occupationskill",
            name="sources",
            field=models.JSONField(blank=True, default=dict, verbose_name="sources"),
        ),
        migrations.RunPython(mark_legacy, migrations.RunPython.noop),
    ]
