from django.db import migrations

# The counts of every place added up, under place -1 (`counts.EVERYWHERE`), from the
# counts already kept, so that no rebuild is needed; the writes keep them from now on.
ADD_EVERYWHERE = """
INSERT INTO search_portfoliofacetcount (audience, place_id, dimension, value, entries)
SELECT audience, -1, dimension, value, SUM(entries) FROM search_portfoliofacetcount
WHERE place_id <> -1 GROUP BY audience, dimension, value
"""
REMOVE_EVERYWHERE = "DELETE FROM search_portfoliofacetcount WHERE place_id = -1"


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_skill_row_grid_cell"),
    ]

    operations = [
        migrations.RunSQL(ADD_EVERYWHERE, REMOVE_EVERYWHERE),
        # A search without a radius read every place's counts through this index.
        migrations.RemoveIndex(
            model_name="portfoliofacetcount",
            name="search_facetcount_dimension",
        ),
    ]
