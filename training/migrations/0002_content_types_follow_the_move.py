"""The moved models' content types take the new app label (issue 18).

A content type names a model by app label; permissions, guardian's generic rows, Wagtail's
log entries and Django's admin log point at content types by id. Renaming the existing rows
(instead of letting Django make new ones under `training`) keeps every one of those links.
Where a row under the new label exists already (a database that ran `migrate` halfway and
then its post-migrate step), the old row is left for `remove_stale_contenttypes`.
"""

from django.db import migrations

MODELS = (
    "trajectory",
    "developmentgoal",
    "goalcomment",
    "trainingmodule",
    "skillassessment",
    "progressreport",
)


def _relabel(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="intermediaries", new="training")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="training", new="intermediaries")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("intermediaries", "0012_training_models_moved_to_training"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
