from django.db import migrations

# The kept counts of work types move from dimension "w" to "k", which sorts before the
# skills' "s" with every other facet: a search then reads them all as one index range
# per audience and place (`counts.kept_count_selects`). No rebuild is needed.
TO_K = "UPDATE search_portfoliofacetcount SET dimension = 'k' WHERE dimension = 'w'"
TO_W = "UPDATE search_portfoliofacetcount SET dimension = 'w' WHERE dimension = 'k'"


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0011_skill_rows_by_portfolio_and_entries_by_reach"),
    ]

    operations = [migrations.RunSQL(TO_K, TO_W)]
