"""`manage.py purge_impact_reports`: delete old impact report PDFs, and stray report files.

Run it once a day beside `purge_progress_reports`. Reports are kept as long as PDF CVs
(`PORTFOLIO_DOCUMENT_KEEP_DAYS`); stray files are those whose row went with an erased
account.
"""

from django.core.management.base import BaseCommand

from socialreturn.impact_reports import impact_reports_purge


class Command(BaseCommand):
    help = "Delete finished impact reports past their keep time, and stray report files."

    def handle(self, *args, verbosity: int, **options) -> None:
        reports, orphans = impact_reports_purge()
        if verbosity >= 1:
            self.stdout.write(f"{reports} impact reports and {orphans} stray files deleted.")
