from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0016_skill_employers_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="portfolioentry",
            index=models.Index(fields=["-updated_at", "portfolio_id"], name="search_entry_recent"),
        ),
    ]
