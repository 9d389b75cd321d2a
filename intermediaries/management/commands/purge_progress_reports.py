"""`manage.py purge_progress_reports`: delete old progress report PDFs, and stray report files.

Run it once a day beside `purge_expired_files`. Reports are kept as long as PDF CVs
(`PORTFOLIO_DOCUMENT_KEEP_DAYS`); stray files are those whose row went with an erased
account.
"""

from django.core.management.base import BaseCommand

from intermediaries.progress_reports import progress_reports_purge


class Command(BaseCommand):
    help = "Delete finished progress reports past their keep time, and stray report files."

    def handle(self, *args, verbosity: int, **options) -> None:
        reports, orphans = progress_reports_purge()
        if verbosity >= 1:
            self.stdout.write(f"{reports} progress reports and {orphans} stray files deleted.")
