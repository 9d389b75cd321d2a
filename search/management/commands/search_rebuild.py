"""`manage.py search_rebuild`: build the configured search index again from the database.

Searches keep answering from the old index until the new one is complete (the
backend's `rebuild`). Prints what was indexed and how fast; `--quiet` prints nothing.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.backends import get_backend
from search.backends.base import RebuildRunning, SearchUnavailable
from search.indexing import REBUILD_BATCH, rebuild


class Command(BaseCommand):
    help = "Rebuild the matching search index from the database, without taking search down."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=REBUILD_BATCH,
            help=f"Portfolios or vacancies read per batch (default {REBUILD_BATCH}).",
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args, batch_size: int, quiet: bool, verbosity: int, **options) -> None:
        backend = get_backend()
        try:
            report = rebuild(backend, batch_size=batch_size)
        except (RebuildRunning, SearchUnavailable) as error:
            raise CommandError(str(error)) from error
        if quiet or verbosity < 1:
            return
        rate = report.portfolios / report.seconds if report.seconds else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"search_rebuild ({backend.name}): {report.portfolios} portfolios, "
                f"{report.vacancies} vacancies in {report.seconds:.1f} s "
                f"({rate:,.0f} portfolios/s)"
            )
        )
