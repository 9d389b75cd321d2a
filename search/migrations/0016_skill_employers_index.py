from django.db import migrations, models

import search.models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0015_entry_skill_codes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="portfolioskillrow",
            index=search.models.CoveringIndex(
                condition=models.Q(("employers", True)),
                fields=["concept_id", "cell"],
                include=("portfolio_id", "place_id", "level"),
                name="search_skill_employers",
            ),
        ),
    ]
