"""`manage.py purge_expired_files`: delete old generated files (PDF CVs, "my data" zips,
progress reports), and stray files.

Run it once a day (the `scheduler` service in docker-compose.yml does). How long files
stay: each model's `keep_days_setting`, such as `DATA_EXPORT_KEEP_DAYS` and
`PORTFOLIO_DOCUMENT_KEEP_DAYS` (portal.generated_files).
"""

from django.core.management.base import BaseCommand

from portal.generated_files import generated_files_purge


class Command(BaseCommand):
    help = "Delete generated files past their keep time (row and file), and stray files."

    def handle(self, *args, verbosity: int, **options) -> None:
        result = generated_files_purge()
        if verbosity >= 1:
            counts = [
                f"{count} {model._meta.verbose_name_plural}"
                for model, count in result.deleted.items()
            ]
            self.stdout.write(f"{', '.join(counts)} and {result.orphan_files} stray files deleted.")
