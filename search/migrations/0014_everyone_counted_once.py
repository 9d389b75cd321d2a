from django.db import migrations

# The kept counts gain dimension "t": everyone once (value ""), so that how many people an
# audience group holds is one row, not the sum of a row per municipality
# (`counts.kept_share`). Everyone counts once under a municipality, so their sum is it.
# No rebuild is needed.
ADD_T = (
    "INSERT INTO search_portfoliofacetcount (audience, place_id, dimension, value, entries)"
    " SELECT audience, place_id, 't', '', SUM(entries) FROM search_portfoliofacetcount"
    " WHERE dimension = 'm' GROUP BY audience, place_id"
)
DROP_T = "DELETE FROM search_portfoliofacetcount WHERE dimension = 't'"


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0013_skill_rows_most_recent_first"),
    ]

    operations = [migrations.RunSQL(ADD_T, DROP_T)]
