"""`manage.py purge_expired_files`: delete old "my data" zips and PDF CVs, and stray files.

Run it once a day (the `scheduler` service in docker-compose.yml does). How long
files stay: the settings `DATA_EXPORT_KEEP_DAYS` and `PORTFOLIO_DOCUMENT_KEEP_DAYS`.
"""

from django.core.management.base import BaseCommand

from portfolios.retention import expired_files_purge


class Command(BaseCommand):
    help = "Delete finished data exports and PDF CVs past their keep time, and stray files."

    def handle(self, *args, verbosity: int, **options) -> None:
        result = expired_files_purge()
        if verbosity >= 1:
            self.stdout.write(
                f"{result.data_exports} data exports, {result.documents} PDF CVs "
                f"and {result.orphan_files} stray files deleted."
            )
